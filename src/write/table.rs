//! Aligned plain-text tables for the terminal.

/// Column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table: a header row, body rows and optional footer rows (set off by a rule).
#[derive(Debug, Clone)]
pub struct Table {
    align: Vec<Align>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    footer: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: &[(&str, Align)]) -> Self {
        Table {
            align: columns.iter().map(|c| c.1).collect(),
            header: columns.iter().map(|c| c.0.to_string()).collect(),
            rows: Vec::new(),
            footer: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn footer(&mut self, cells: Vec<String>) {
        self.footer.push(cells);
    }

    /// The table as text, two spaces between columns, no trailing spaces.
    pub fn render(&self) -> String {
        let width = |s: &str| s.chars().count();
        let mut widths: Vec<usize> = self.header.iter().map(|h| width(h)).collect();
        for row in self.rows.iter().chain(&self.footer) {
            for (i, cell) in row.iter().enumerate() {
                if i < widths.len() {
                    widths[i] = widths[i].max(width(cell));
                }
            }
        }
        let line = |cells: &[String]| {
            let mut out = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = cells.get(i).map_or("", String::as_str);
                let pad = w - width(cell).min(*w);
                if i > 0 {
                    out.push_str("  ");
                }
                match self.align[i] {
                    Align::Left => {
                        out.push_str(cell);
                        out.push_str(&" ".repeat(pad));
                    }
                    Align::Right => {
                        out.push_str(&" ".repeat(pad));
                        out.push_str(cell);
                    }
                }
            }
            out.trim_end().to_string() + "\n"
        };
        let rule = "-".repeat(widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1)) + "\n";
        let mut out = line(&self.header);
        out.push_str(&rule);
        for r in &self.rows {
            out.push_str(&line(r));
        }
        if !self.footer.is_empty() {
            out.push_str(&rule);
            for r in &self.footer {
                out.push_str(&line(r));
            }
        }
        out
    }
}

/// At most `max` characters, the last an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_by_characters() {
        assert_eq!(truncate("Vårgårda", 8), "Vårgårda");
        assert_eq!(truncate("Vårgårda", 5), "Vårg…");
    }

    #[test]
    fn aligns_by_characters_not_bytes() {
        let mut t = Table::new(&[("Kommun", Align::Left), ("Tkr", Align::Right)]);
        t.row(vec!["Borås".into(), "2 588".into()]);
        t.row(vec!["Mark".into(), "800".into()]);
        t.footer(vec!["Summa".into(), "3 388".into()]);
        assert_eq!(
            t.render(),
            "Kommun    Tkr\n-------------\nBorås   2 588\nMark      800\n-------------\nSumma   3 388\n"
        );
    }
}
