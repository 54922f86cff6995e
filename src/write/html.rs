//! HTML and SVG text: escaping of everything that comes from input files.

/// Escapes text for HTML and SVG element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A chart in a figure with its caption (escaped here), ending its line.
pub fn figure(caption: &str, svg: &str) -> String {
    format!(
        "<figure>\n<figcaption>{}</figcaption>\n{svg}</figure>\n",
        escape(caption)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<b>Ale & "Öckerö" 'x'</b>"#),
            "&lt;b&gt;Ale &amp; &quot;Öckerö&quot; &#39;x&#39;&lt;/b&gt;"
        );
        assert_eq!(escape("Borås"), "Borås");
    }
}
