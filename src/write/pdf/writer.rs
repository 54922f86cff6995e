//! Pass 2: the pages written as a PDF, the fonts subset and embedded.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use super::canvas::Op;
use super::fonts::*;
use super::geometry::*;

/// The characters one font draws, each with its CID.
pub(super) struct Used {
    /// Character (as drawn: `Glyph::key`) to CID and glyph.
    pub(super) cids: BTreeMap<char, (u16, Glyph)>,
}

impl Used {
    pub(super) fn collect(font: &Font, pages: &[Vec<Op>]) -> Used {
        let mut glyphs: BTreeMap<char, Glyph> = BTreeMap::new();
        for op in pages.iter().flatten() {
            if let Op::Text { weight, text, .. } = op {
                if *weight == font.weight {
                    for c in text.chars() {
                        let g = font.glyph(c);
                        glyphs.entry(g.key).or_insert(g);
                    }
                }
            }
        }
        // A CID is 16 bits; past 65 534 distinct characters (never in an
        // invoice) the rest are drawn as CID 0, `.notdef`.
        let cids = glyphs
            .into_iter()
            .zip(1..=u16::MAX - 1)
            .map(|((key, glyph), cid)| (key, (cid, glyph)))
            .collect();
        Used { cids }
    }

    /// `text` as the 2-byte CIDs of an Identity-H encoded font.
    pub(super) fn encode(&self, font: &Font, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let cid = self.cids.get(&font.glyph(c).key).map(|e| e.0).unwrap_or(0);
            out.extend_from_slice(&cid.to_be_bytes());
        }
        out
    }
}

/// 64-bit FNV-1a.
pub(super) fn fnv1a(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Six capital letters naming a subset, from its glyphs.
pub(super) fn subset_tag(font: &Font, used: &Used) -> String {
    let bytes = font.name.bytes().chain(
        used.cids
            .values()
            .flat_map(|(cid, g)| [cid.to_be_bytes(), g.gid.to_be_bytes()])
            .flatten(),
    );
    let mut h = fnv1a(bytes);
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}

/// A stream, deflated; a font file also says its length (`Length1`).
pub(super) fn flate(pdf: &mut Pdf, id: Ref, data: &[u8], font_file: bool, level: u8) {
    let deflated = deflate(data, level);
    flated(pdf, id, &deflated, font_file.then_some(data.len()));
}

/// Bytes as a stream holds them: zlib at `level` (1–9).
fn deflate(data: &[u8], level: u8) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, level)
}

/// Each of `streams` deflated, in order: on two threads when there are
/// many (an invoice of thousands of lines has as many pages' streams).
/// The bytes are the same as one thread makes.
fn deflate_all(streams: &[Vec<u8>], level: u8) -> Vec<Vec<u8>> {
    if streams.len() < 8 {
        return streams.iter().map(|s| deflate(s, level)).collect();
    }
    let total: usize = streams.iter().map(Vec::len).sum();
    // Two halves of about the same size.
    let mut sum = 0;
    let mid = streams
        .iter()
        .position(|s| {
            sum += s.len();
            sum * 2 >= total
        })
        .map_or(streams.len(), |i| i + 1);
    let (first, second) = streams.split_at(mid);
    std::thread::scope(|scope| {
        let later = scope.spawn(|| second.iter().map(|s| deflate(s, level)).collect::<Vec<_>>());
        let mut out: Vec<Vec<u8>> = first.iter().map(|s| deflate(s, level)).collect();
        out.extend(later.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        out
    })
}

/// A deflated stream; `length1` for a font file, its length before.
fn flated(pdf: &mut Pdf, id: Ref, deflated: &[u8], length1: Option<usize>) {
    let font_file = length1.is_some();
    let data_len = length1.unwrap_or(0);
    let mut stream = pdf.stream(id, deflated);
    stream.filter(pdf_writer::Filter::FlateDecode);
    if font_file {
        stream.pair(Name(b"Length1"), i32::try_from(data_len).unwrap_or(i32::MAX));
    }
}

pub(super) struct Refs {
    pub(super) next: i32,
}

impl Refs {
    pub(super) fn next(&mut self) -> Ref {
        let r = Ref::new(self.next);
        self.next += 1;
        r
    }
}

/// Embeds one font: Type0 with a CIDFontType2 descendant, subset, widths,
/// CIDToGIDMap and ToUnicode.
pub(super) fn write_font(pdf: &mut Pdf, refs: &mut Refs, font: &Font, used: &Used, type0: Ref, level: u8) {
    let cid_ref = refs.next();
    let descriptor_ref = refs.next();
    let file_ref = refs.next();
    let cmap_ref = refs.next();
    let cid_to_gid_ref = refs.next();

    // The subset: glyphs renumbered in CID order.
    let mut remapper = subsetter::GlyphRemapper::new();
    for (_, glyph) in used.cids.values() {
        remapper.remap(glyph.gid);
    }
    let (file, new_gid): (Vec<u8>, Box<dyn Fn(u16) -> u16>) = match subsetter::subset(font.data, 0, &remapper)
    {
        Ok(bytes) => (bytes, Box::new(move |gid| remapper.get(gid).unwrap_or(0))),
        // The whole font, glyph ids unchanged, should subsetting ever fail.
        Err(_) => (font.data.to_vec(), Box::new(|gid| gid)),
    };

    let base = format!("{}+{}", subset_tag(font, used), font.name);
    let base = Name(base.as_bytes());

    pdf.type0_font(type0)
        .base_font(base)
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_ref)
        .to_unicode(cmap_ref);

    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    let mut cid = pdf.cid_font(cid_ref);
    cid.subtype(CidFontType::Type2)
        .base_font(base)
        .system_info(system_info)
        .font_descriptor(descriptor_ref)
        .cid_to_gid_map_stream(cid_to_gid_ref);
    let notdef = font.advance(0);
    cid.default_width(notdef);
    if !used.cids.is_empty() {
        let widths: Vec<f32> = used.cids.values().map(|(_, g)| g.width).collect();
        cid.widths().consecutive(1, widths);
    }
    cid.finish();

    let bbox = font.face.as_ref().map(|f| f.global_bounding_box());
    let bbox = match bbox {
        Some(b) => Rect::new(
            f32::from(b.x_min) * font.scale,
            f32::from(b.y_min) * font.scale,
            f32::from(b.x_max) * font.scale,
            f32::from(b.y_max) * font.scale,
        ),
        None => Rect::new(-500.0, -300.0, 1500.0, 1000.0),
    };
    let ascent = font.metric(|f| Some(f.ascender()), 1000.0);
    let descent = font.metric(|f| Some(f.descender()), -250.0);
    let cap_height = font.metric(|f| f.capital_height(), 714.0);
    let bold = font.weight == Weight::Bold;
    pdf.font_descriptor(descriptor_ref)
        .name(base)
        .family(Str(font.family.as_bytes()))
        .flags(FontFlags::NON_SYMBOLIC)
        .weight(if bold { 700 } else { 400 })
        .bbox(bbox)
        .italic_angle(0.0)
        .ascent(ascent)
        .descent(descent)
        .cap_height(cap_height)
        .stem_v(if bold { 140.0 } else { 80.0 })
        .font_file2(file_ref);

    flate(pdf, file_ref, &file, true, level);

    let mut map = vec![0u8; 2 * (used.cids.len() + 1)];
    for (cid, glyph) in used.cids.values() {
        let at = 2 * usize::from(*cid);
        if let Some(slot) = map.get_mut(at..at + 2) {
            slot.copy_from_slice(&new_gid(glyph.gid).to_be_bytes());
        }
    }
    flate(pdf, cid_to_gid_ref, &map, false, level);

    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"UCS"),
        supplement: 0,
    };
    let mut cmap = UnicodeCmap::new(Name(b"Adobe-Identity-UCS"), info);
    for (key, (cid, _)) in &used.cids {
        cmap.pair(*cid, *key);
    }
    flate(pdf, cmap_ref, &cmap.finish(), false, level);
}

/// The pages as a PDF file titled `title`, in Swedish, the fonts subset
/// to the characters drawn, its streams deflated at `level` (1–9).
pub(super) fn write_pdf(title: &str, fonts: &Fonts, pages: &[Vec<Op>], level: u8) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let mut refs = Refs { next: 1 };
    let catalog = refs.next();
    let tree = refs.next();
    let info = refs.next();
    let regular_ref = refs.next();
    let bold_ref = refs.next();

    let used_regular = Used::collect(&fonts.regular, pages);
    let used_bold = Used::collect(&fonts.bold, pages);
    write_font(
        &mut pdf,
        &mut refs,
        &fonts.regular,
        &used_regular,
        regular_ref,
        level,
    );
    write_font(&mut pdf, &mut refs, &fonts.bold, &used_bold, bold_ref, level);

    let page_refs: Vec<(Ref, Ref)> = pages.iter().map(|_| (refs.next(), refs.next())).collect();

    pdf.catalog(catalog).pages(tree).lang(TextStr("sv-SE"));
    let count = i32::try_from(page_refs.len()).unwrap_or(i32::MAX);
    pdf.pages(tree).kids(page_refs.iter().map(|p| p.0)).count(count);
    pdf.document_info(info).title(TextStr(title));

    // Each page's content, then all deflated at once (on two threads for
    // a long invoice), then each page and its stream written in order.
    let contents: Vec<Vec<u8>> = pages
        .iter()
        .map(|ops| page_content(ops, fonts, (&used_regular, &used_bold)))
        .collect();
    let deflated = deflate_all(&contents, level);
    drop(contents);
    for ((page_ref, content_ref), stream) in page_refs.iter().zip(&deflated) {
        let mut page = pdf.page(*page_ref);
        page.media_box(Rect::new(0.0, 0.0, PAGE_W, PAGE_H))
            .parent(tree)
            .contents(*content_ref);
        page.resources()
            .fonts()
            .pair(Name(b"F1"), regular_ref)
            .pair(Name(b"F2"), bold_ref);
        page.finish();
        flated(&mut pdf, *content_ref, stream, None);
    }
    pdf.finish()
}

/// One page's drawing: its content stream, before it is deflated.
fn page_content(ops: &[Op], fonts: &Fonts, used: (&Used, &Used)) -> Vec<u8> {
    let (used_regular, used_bold) = used;
    let mut content = Content::new();
    for op in ops {
        match op {
            Op::Rect { x, y, w, h, color } => {
                content.set_fill_rgb(color.0, color.1, color.2);
                content.rect(*x, PAGE_H - y - h, *w, *h);
                content.fill_nonzero();
            }
            Op::HLine {
                x1,
                x2,
                y,
                width,
                color,
            } => {
                content.set_stroke_rgb(color.0, color.1, color.2);
                content.set_line_width(*width);
                content.move_to(*x1, PAGE_H - y);
                content.line_to(*x2, PAGE_H - y);
                content.stroke();
            }
            Op::Text {
                x,
                y,
                size,
                weight,
                color,
                diagonal,
                text,
            } => {
                let (name, font, used) = match weight {
                    Weight::Regular => (Name(b"F1"), &fonts.regular, &used_regular),
                    Weight::Bold => (Name(b"F2"), &fonts.bold, &used_bold),
                };
                let (cos, sin) = if *diagonal { DIAGONAL } else { (1.0, 0.0) };
                // `0.0 - sin` rather than `-sin`: no "-0" in the file.
                let minus_sin = 0.0 - sin;
                content.set_fill_rgb(color.0, color.1, color.2);
                content.begin_text();
                content.set_font(name, *size);
                content.set_text_matrix([cos, sin, minus_sin, cos, *x, PAGE_H - y]);
                content.show(Str(&used.encode(font, text)));
                content.end_text();
            }
        }
    }
    content.finish().into_vec()
}
