//! The fonts: Open Sans Regular and Bold, compiled in, with the metrics
//! layout measures text by.

use std::cell::RefCell;
use std::collections::BTreeMap;

pub(super) static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/OpenSans-Regular.ttf");
pub(super) static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/OpenSans-Bold.ttf");

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Weight {
    Regular,
    Bold,
}

/// One embedded font and its metrics. A font that does not parse (it always
/// does: it is compiled in) would draw every character as `.notdef`.
pub(super) struct Font {
    pub(super) data: &'static [u8],
    pub(super) face: Option<ttf_parser::Face<'static>>,
    /// PostScript name, without subset tag.
    pub(super) name: &'static str,
    pub(super) family: &'static str,
    pub(super) weight: Weight,
    /// Scale from font units to 1/1000 em.
    pub(super) scale: f32,
    /// How U+0000 to U+00FF are drawn, looked up once.
    pub(super) latin1: Vec<Glyph>,
    /// How other characters are drawn, as they are met.
    pub(super) others: RefCell<BTreeMap<char, Glyph>>,
}

/// How one character is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Glyph {
    /// The character text extraction gives back (`?` for one the font lacks).
    pub(super) key: char,
    /// Glyph id in the full font.
    pub(super) gid: u16,
    /// Advance, 1/1000 em.
    pub(super) width: f32,
}

impl Font {
    pub(super) fn new(data: &'static [u8], name: &'static str, weight: Weight) -> Font {
        let face = ttf_parser::Face::parse(data, 0).ok();
        let upem = face.as_ref().map(|f| f.units_per_em()).unwrap_or(1000).max(1);
        let mut font = Font {
            data,
            face,
            name,
            family: "Open Sans",
            weight,
            scale: 1000.0 / f32::from(upem),
            latin1: Vec::new(),
            others: RefCell::new(BTreeMap::new()),
        };
        font.latin1 = ('\0'..='\u{ff}').map(|c| font.lookup(c)).collect();
        font
    }

    pub(super) fn gid(&self, c: char) -> Option<u16> {
        self.face
            .as_ref()?
            .glyph_index(c)
            .map(|g| g.0)
            .filter(|&g| g != 0)
    }

    pub(super) fn advance(&self, gid: u16) -> f32 {
        let units = self
            .face
            .as_ref()
            .and_then(|f| f.glyph_hor_advance(ttf_parser::GlyphId(gid)));
        units
            .map(|u| (f32::from(u) * self.scale).round())
            .unwrap_or(500.0)
    }

    /// How `c` is drawn: its own glyph; for a space the font lacks, the space
    /// glyph at that space's width; else `?`.
    pub(super) fn glyph(&self, c: char) -> Glyph {
        if let Some(g) = self.latin1.get(c as usize) {
            return *g;
        }
        if let Some(g) = self.others.borrow().get(&c) {
            return *g;
        }
        let g = self.lookup(c);
        self.others.borrow_mut().insert(c, g);
        g
    }

    /// [`Font::glyph`], looked up in the font.
    pub(super) fn lookup(&self, c: char) -> Glyph {
        if let Some(gid) = self.gid(c) {
            return Glyph {
                key: c,
                gid,
                width: self.advance(gid),
            };
        }
        if let Some(width) = self.space_width(c) {
            let gid = self.gid(' ').unwrap_or(0);
            return Glyph { key: c, gid, width };
        }
        let gid = self.gid('?').unwrap_or(0);
        Glyph {
            key: '?',
            gid,
            width: self.advance(gid),
        }
    }

    /// The width (1/1000 em) of a Unicode space character, None for others.
    pub(super) fn space_width(&self, c: char) -> Option<f32> {
        let space = || self.gid(' ').map(|g| self.advance(g)).unwrap_or(260.0);
        let of = |c: char| self.gid(c).map(|g| self.advance(g)).unwrap_or(500.0);
        Some(match c {
            '\u{a0}' => space(),
            '\u{2000}' | '\u{2002}' => 500.0,
            '\u{2001}' | '\u{2003}' | '\u{3000}' => 1000.0,
            '\u{2004}' => 333.0,
            '\u{2005}' => 250.0,
            '\u{2006}' => 167.0,
            '\u{2007}' => of('0'),
            '\u{2008}' => of('.'),
            '\u{2009}' | '\u{202f}' => 200.0,
            '\u{200a}' => 100.0,
            '\u{205f}' => 222.0,
            _ => return None,
        })
    }

    /// Width of `s` at `size` points.
    pub(super) fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.glyph(c).width).sum::<f32>() * size / 1000.0
    }

    pub(super) fn metric(&self, f: impl Fn(&ttf_parser::Face) -> Option<i16>, default: f32) -> f32 {
        self.face
            .as_ref()
            .and_then(f)
            .map(|v| f32::from(v) * self.scale)
            .unwrap_or(default)
    }
}

pub(super) struct Fonts {
    pub(super) regular: Font,
    pub(super) bold: Font,
}

impl Fonts {
    pub(super) fn load() -> Fonts {
        Fonts {
            regular: Font::new(REGULAR_TTF, "OpenSans", Weight::Regular),
            bold: Font::new(BOLD_TTF, "OpenSans-Bold", Weight::Bold),
        }
    }

    pub(super) fn get(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}
