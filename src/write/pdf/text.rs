//! Text: cleaning, words, wrapping.

use super::fonts::*;

/// Control characters as spaces (newlines kept), decomposed accents
/// composed, zero-width and direction marks dropped.
pub(super) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(composed) = chars.peek().and_then(|&m| compose(c, m)) {
            out.push(composed);
            chars.next();
            continue;
        }
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' => {}
            '\u{feff}' => {}
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The precomposed letter for a base letter and a combining mark, for the
/// letters Swedish (and its neighbours) use.
pub(super) fn compose(base: char, mark: char) -> Option<char> {
    let (from, to) = match mark {
        '\u{30a}' => ("aA", "åÅ"),
        '\u{308}' => ("aAoOuUeEiIy", "äÄöÖüÜëËïÏÿ"),
        '\u{301}' => ("eEaAoOuUiIyY", "éÉáÁóÓúÚíÍýÝ"),
        '\u{300}' => ("eEaAoOuUiI", "èÈàÀòÒùÙìÌ"),
        '\u{302}' => ("eEaAoOuUiI", "êÊâÂôÔûÛîÎ"),
        '\u{303}' => ("nNaAoO", "ñÑãÃõÕ"),
        '\u{327}' => ("cC", "çÇ"),
        _ => return None,
    };
    from.chars()
        .position(|b| b == base)
        .and_then(|i| to.chars().nth(i))
}

/// Units a number is kept on the same line with.
pub(super) const UNITS: &[&str] = &[
    "kr",
    "tkr",
    "mnkr",
    "öre",
    "inv",
    "invånare",
    "st",
    "%",
    "kr/inv",
    "mån",
];

/// Whether the space between `prev` and `next` must not break a line: inside
/// a grouped number (`114 091`) or between a number and its unit (`6,53 kr`).
pub(super) fn glued(prev: &str, next: &str) -> bool {
    if !prev.chars().last().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let group = next.chars().take_while(|c| c.is_ascii_digit()).count();
    let after = next.chars().nth(group);
    if group == 3 && !after.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    let unit = next.trim_end_matches([',', '.', ';', ':', ')']);
    UNITS.contains(&unit)
}

/// A paragraph's words: split at spaces, rejoined where a break is not allowed.
pub(super) fn words(paragraph: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in paragraph.split(' ').filter(|p| !p.is_empty()) {
        if let Some(prev) = out.last_mut() {
            if glued(prev, piece) {
                prev.push(' ');
                prev.push_str(piece);
                continue;
            }
        }
        out.push(piece.to_string());
    }
    out
}

/// `text` as lines no wider than `max_w` at `size` points. Newlines start a
/// new line; blank lines before and after the text are dropped, so an empty
/// text gives no lines.
pub(super) fn wrap(font: &Font, text: &str, size: f32, max_w: f32) -> Vec<String> {
    let max_w = max_w.max(size);
    let space_w = font.width(" ", size);
    let mut lines = Vec::new();
    for paragraph in clean(text).split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        let mut any = false;
        for word in words(paragraph) {
            any = true;
            let word_w = font.width(&word, size);
            if !line.is_empty() && line_w + space_w + word_w <= max_w {
                line.push(' ');
                line.push_str(&word);
                line_w += space_w + word_w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if word_w <= max_w {
                line = word;
                line_w = word_w;
            } else {
                let mut pieces = break_word(font, &word, size, max_w);
                let last = pieces.pop().unwrap_or_default();
                lines.extend(pieces);
                line_w = font.width(&last, size);
                line = last;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        } else if !any {
            lines.push(String::new());
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let blank = lines.iter().take_while(|l| l.is_empty()).count();
    lines.split_off(blank)
}

/// A word wider than `max_w` in pieces that fit: broken after the last `-`
/// or `/` that fits, else between characters (at least one per piece).
pub(super) fn break_word(font: &Font, word: &str, size: f32, max_w: f32) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece: Vec<char> = Vec::new();
    let mut piece_w = 0.0;
    for c in word.chars() {
        let w = font.glyph(c).width * size / 1000.0;
        if !piece.is_empty() && piece_w + w > max_w {
            let soft = piece.iter().rposition(|&p| p == '-' || p == '/').map(|i| i + 1);
            let cut = match soft {
                Some(i) if i < piece.len() => i,
                _ => piece.len(),
            };
            let rest = piece.split_off(cut);
            pieces.push(piece.iter().collect::<String>());
            piece = rest;
            piece_w = piece.iter().map(|&p| font.glyph(p).width * size / 1000.0).sum();
        }
        piece.push(c);
        piece_w += w;
    }
    if !piece.is_empty() {
        pieces.push(piece.into_iter().collect());
    }
    pieces
}

/// At most `max` lines; a cut ends with "…" (still within `max_w`).
pub(super) fn clamp(font: &Font, mut lines: Vec<String>, max: usize, size: f32, max_w: f32) -> Vec<String> {
    if lines.len() <= max {
        return lines;
    }
    lines.truncate(max.max(1));
    if let Some(last) = lines.last_mut() {
        while !last.is_empty() && font.width(&format!("{last}…"), size) > max_w {
            last.pop();
        }
        let trimmed = last.trim_end().to_string();
        *last = format!("{trimmed}…");
    }
    lines
}
