//! Code page 437, the "PC8" character set that SIE files are written in.

/// The characters of bytes 0x80–0xFF.
const HIGH: [char; 128] = [
    'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
    'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', //
    'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', //
    '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
    '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
    '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
    'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
    '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{a0}', //
];

/// Encodes text; characters CP437 lacks become `?` (`×` and `–` have
/// stand-ins: `x` and `-`).
pub fn encode(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\0'..='\x7f' => c as u8,
            '×' => b'x',
            '–' | '—' | '\u{2212}' => b'-',
            '\u{202f}' => b' ',
            c => HIGH.iter().position(|h| *h == c).map_or(b'?', |i| 0x80 + i as u8),
        })
        .collect()
}

/// Decodes CP437 bytes.
pub fn decode(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                char::from(b)
            } else {
                HIGH[usize::from(b - 0x80)]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_round_trip() {
        let text = "Vårgårda Älvsborg Örebro åäö ÅÄÖ é";
        let bytes = encode(text);
        assert_eq!(&bytes[1..2], &[0x86]); // å
        assert!(encode("ÅÄÖ") == [0x8F, 0x8E, 0x99]);
        assert_eq!(decode(&bytes), text);
        assert_eq!(encode("6,53 × 2 – 1 €"), b"6,53 x 2 - 1 ?");
    }
}
