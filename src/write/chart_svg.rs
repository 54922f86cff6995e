//! Charts for the report, drawn as inline SVG: horizontal stacked bars (a
//! total split by series, with a legend) and diverging bars (a change per
//! row, increases and decreases in two colours, with value labels).
//!
//! Values arrive as exact decimals in the axis's unit and become `f64` only
//! as coordinates; ticks are decimals too, formatted the Swedish way. Text
//! widths are estimated from Arial/Liberation Sans metrics, so the layout
//! depends on nothing but the input: the same values give the same bytes.

use std::fmt::Write;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::html::escape;
use crate::sv;

/// Series colours: Paul Tol's colour-blind-safe "muted" scheme in his
/// order, then a dark and a light grey and his light orange; beyond twelve
/// series the colours repeat.
pub const PALETTE: [&str; 12] = [
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
    "#555555", "#BBBBBB", "#EE8866",
];

/// Diverging bars: an increase (Okabe–Ito vermillion) and a decrease
/// (Okabe–Ito blue), told apart by colour-blind readers too.
pub const INCREASE: &str = "#D55E00";
pub const DECREASE: &str = "#0072B2";

/// The colour of series `i`.
pub fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// The drawing's width in SVG units; it is scaled to the page's width.
const WIDTH: f64 = 680.0;
const FONT: f64 = 11.0;
const SMALL: f64 = 10.0;
/// Height of one row and of its bar.
const ROW: f64 = 24.0;
const BAR: f64 = 15.0;
const TOP: f64 = 6.0;
const GRID: &str = "#E3E6E9";
const AXIS: &str = "#4A4F55";
const INK: &str = "#1A1A1A";

/// One bar of a stacked chart.
pub struct StackedRow {
    pub label: String,
    /// One value per series, in the axis's unit.
    pub values: Vec<Decimal>,
    /// Shown after the bar (the total, formatted).
    pub total_label: String,
}

/// A horizontal stacked bar chart.
pub struct Stacked<'a> {
    /// What the chart shows (the SVG's accessible title).
    pub title: &'a str,
    /// The axis's unit, shown under it (`tkr`).
    pub unit: &'a str,
    /// Series names, in stacking order; the legend shows them.
    pub series: &'a [String],
    pub rows: &'a [StackedRow],
}

/// One bar of a diverging chart.
pub struct DivergingRow {
    pub label: String,
    /// The change, in the axis's unit.
    pub value: Decimal,
    /// Shown at the bar's end (`+265 481 kr (+1,3 %)`).
    pub value_label: String,
}

/// A horizontal diverging bar chart around zero.
pub struct Diverging<'a> {
    pub title: &'a str,
    pub unit: &'a str,
    pub rows: &'a [DivergingRow],
    /// Legend texts for positive and negative bars.
    pub increase: &'a str,
    pub decrease: &'a str,
}

/// Estimated width of `text` at `size`, from Arial's advance widths.
pub fn text_width(text: &str, size: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '\'' | '|' => 0.23,
            'f' | 't' | 'I' | ' ' | '.' | ',' | ':' | ';' | '!' => 0.28,
            'r' | '(' | ')' | '-' | '[' | ']' => 0.34,
            'm' | 'M' | '%' => 0.89,
            'w' | 'W' => 0.8,
            'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 0.5,
            c if c.is_uppercase() => 0.72,
            _ => 0.56,
        })
        .sum();
    em * size
}

/// `text` shortened with "…" to fit `width`.
fn fit(text: &str, size: f64, width: f64) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut s: String = text.to_string();
    while !s.is_empty() && text_width(&s, size) + text_width("…", size) > width {
        s.pop();
    }
    format!("{}…", s.trim_end())
}

/// A coordinate with one decimal, without "-0" or a trailing ".0".
fn n(x: f64) -> String {
    let s = format!("{:.1}", x);
    let s = s.strip_suffix(".0").unwrap_or(&s).to_string();
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

fn float(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A linear scale from values to x: `room_lo` and `room_hi` are kept free
/// beyond the extremes for labels.
struct Scale {
    zero: f64,
    per_unit: f64,
    left: f64,
    right: f64,
}

impl Scale {
    fn fit(lo: Decimal, hi: Decimal, left: f64, right: f64, room_lo: f64, room_hi: f64) -> Scale {
        let lo = lo.min(Decimal::ZERO);
        let hi = hi.max(Decimal::ZERO);
        let room_lo = if lo < Decimal::ZERO { room_lo } else { 0.0 };
        let span = float(hi - lo);
        let per_unit = if span > 0.0 {
            ((right - left - room_lo - room_hi) / span).max(0.0)
        } else {
            0.0
        };
        Scale {
            zero: left + room_lo + float(-lo) * per_unit,
            per_unit,
            left,
            right,
        }
    }

    fn x(&self, v: Decimal) -> f64 {
        self.zero + float(v) * self.per_unit
    }

    /// Ticks at a round step (1, 2 or 5 × 10ⁿ) over the values `lo..=hi`,
    /// those that fall inside the plot.
    fn ticks(&self, lo: Decimal, hi: Decimal) -> Vec<Decimal> {
        let lo = lo.min(Decimal::ZERO);
        let hi = hi.max(Decimal::ZERO);
        let span = hi - lo;
        if span <= Decimal::ZERO || self.per_unit <= 0.0 {
            return vec![Decimal::ZERO];
        }
        let step = nice_step(span / Decimal::from(5));
        let mut t = (lo / step).floor() * step;
        let mut out = Vec::new();
        for _ in 0..100 {
            let x = self.x(t);
            if x > self.right + 0.5 {
                break;
            }
            if x >= self.left - 0.5 {
                out.push(t);
            }
            t += step;
        }
        out
    }
}

/// The least of 1, 2, 5 × 10ⁿ not below `raw` (> 0).
fn nice_step(raw: Decimal) -> Decimal {
    let ten = Decimal::TEN;
    let mut p = Decimal::ONE;
    while p * ten <= raw {
        p *= ten;
    }
    while p > raw && p.scale() < 20 {
        p /= ten;
    }
    [1, 2, 5, 10]
        .into_iter()
        .map(|m| p * Decimal::from(m))
        .find(|s| *s >= raw)
        .unwrap_or(p * ten)
}

/// A tick's text: `20 000`, `+100`, `-50`, `0`.
fn tick_label(t: Decimal, signed: bool) -> String {
    let s = sv::num(t);
    if signed && t > Decimal::ZERO {
        format!("+{s}")
    } else {
        s
    }
}

/// `<svg>` opening tag and title.
fn open(out: &mut String, height: f64, title: &str) {
    let _ = write!(
        out,
        "<svg class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" font-size=\"{}\" fill=\"{INK}\">\n<title>{}</title>\n",
        n(WIDTH),
        n(height),
        n(WIDTH),
        n(height),
        n(FONT),
        escape(title)
    );
}

/// Row labels' column width.
fn label_width(labels: impl Iterator<Item = f64>) -> f64 {
    (labels.fold(0.0, f64::max) + 10.0).clamp(60.0, WIDTH * 0.4)
}

/// Grid lines, tick labels and the unit under the plot.
fn axis(out: &mut String, scale: &Scale, ticks: &[Decimal], bottom: f64, unit: &str, signed: bool) {
    for t in ticks {
        let x = scale.x(*t);
        let (colour, w) = if t.is_zero() { (AXIS, 1.0) } else { (GRID, 1.0) };
        let _ = writeln!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"{}\"/>",
            n(TOP),
            n(bottom),
            n(w),
            x = n(x)
        );
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{AXIS}\">{}</text>",
            n(x),
            n(bottom + 14.0),
            n(SMALL),
            escape(&tick_label(*t, signed))
        );
    }
    let _ = writeln!(
        out,
        "<line x1=\"{}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\" stroke=\"{AXIS}\" stroke-width=\"1\"/>",
        n(scale.left),
        n(scale.right),
        b = n(bottom)
    );
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{}\" fill=\"{AXIS}\">{}</text>",
        n(scale.right),
        n(bottom + 28.0),
        n(SMALL),
        escape(unit)
    );
}

/// A row's label, right-aligned before the plot.
fn row_label(out: &mut String, x: f64, y_mid: f64, label: &str, width: f64) {
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        n(x),
        n(y_mid + FONT * 0.35),
        escape(&fit(label, FONT, width))
    );
}

/// A legend swatch and its text.
fn swatch(out: &mut String, x: f64, y: f64, colour: &str, label: &str, width: f64) {
    let _ = writeln!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>",
        n(x),
        n(y),
        n(x + 15.0),
        n(y + 9.0),
        n(SMALL),
        escape(&fit(label, SMALL, width - 18.0))
    );
}

/// Horizontal stacked bars: positive parts stack rightwards from zero,
/// negative ones leftwards; the total's label follows the bar.
pub fn stacked(c: &Stacked) -> String {
    let names = label_width(c.rows.iter().map(|r| text_width(&r.label, FONT)));
    let left = names + 4.0;
    let right = WIDTH - 6.0;
    let (mut lo, mut hi) = (Decimal::ZERO, Decimal::ZERO);
    for r in c.rows {
        let pos: Decimal = r.values.iter().filter(|v| v.is_sign_positive()).sum();
        let neg: Decimal = r.values.iter().filter(|v| v.is_sign_negative()).sum();
        hi = hi.max(pos);
        lo = lo.min(neg);
    }
    let room = c
        .rows
        .iter()
        .map(|r| text_width(&r.total_label, SMALL) + 8.0)
        .fold(0.0, f64::max);
    let scale = Scale::fit(lo, hi, left, right, 0.0, room);
    let ticks = scale.ticks(lo, hi);
    let bottom = TOP + ROW * c.rows.len() as f64;
    let columns = 2;
    let per_column = c.series.len().div_ceil(columns);
    let legend_top = bottom + 40.0;
    let height = legend_top + 18.0 * per_column as f64 + 2.0;

    let mut out = String::new();
    open(&mut out, height, c.title);
    axis(&mut out, &scale, &ticks, bottom, c.unit, false);
    for (i, r) in c.rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let mid = y + ROW / 2.0;
        row_label(&mut out, left - 8.0, mid, &r.label, names);
        let (mut pos, mut neg) = (Decimal::ZERO, Decimal::ZERO);
        for (s, v) in r.values.iter().enumerate() {
            if v.is_zero() {
                continue;
            }
            let (from, to) = if v.is_sign_positive() {
                pos += v;
                (pos - v, pos)
            } else {
                neg += v;
                (neg, neg - v)
            };
            let (x0, x1) = (scale.x(from), scale.x(to));
            let series = c.series.get(s).map_or("", String::as_str);
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#FFFFFF\" stroke-width=\"0.5\"><title>{}: {}, {} {}</title></rect>",
                n(x0),
                n(mid - BAR / 2.0),
                n((x1 - x0).max(0.0)),
                n(BAR),
                colour(s),
                escape(&r.label),
                escape(series),
                sv::num_dp(*v, 0),
                escape(c.unit)
            );
        }
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\">{}</text>",
            n(scale.x(pos) + 5.0),
            n(mid + SMALL * 0.35),
            n(SMALL),
            escape(&r.total_label)
        );
    }
    let column_width = (WIDTH - 8.0) / columns as f64;
    for (i, s) in c.series.iter().enumerate() {
        let x = 4.0 + column_width * (i / per_column.max(1)) as f64;
        let y = legend_top + 18.0 * (i % per_column.max(1)) as f64;
        swatch(&mut out, x, y, colour(i), s, column_width);
    }
    out.push_str("</svg>\n");
    out
}

/// Horizontal bars from a zero line: increases rightwards in one colour,
/// decreases leftwards in another, each with its value label at its end.
pub fn diverging(c: &Diverging) -> String {
    let names = label_width(c.rows.iter().map(|r| text_width(&r.label, FONT)));
    let left = names + 4.0;
    let right = WIDTH - 6.0;
    let lo = c.rows.iter().map(|r| r.value).min().unwrap_or_default();
    let hi = c.rows.iter().map(|r| r.value).max().unwrap_or_default();
    let room = |keep: fn(&Decimal) -> bool| {
        c.rows
            .iter()
            .filter(|r| keep(&r.value))
            .map(|r| text_width(&r.value_label, SMALL) + 8.0)
            .fold(0.0, f64::max)
    };
    let room_lo = room(|v| v.is_sign_negative() && !v.is_zero());
    let room_hi = room(|v| v.is_sign_positive() || v.is_zero());
    let scale = Scale::fit(lo, hi, left, right, room_lo, room_hi);
    let ticks = scale.ticks(lo, hi);
    let bottom = TOP + ROW * c.rows.len() as f64;
    let legend_top = bottom + 40.0;
    let height = legend_top + 14.0;

    let mut out = String::new();
    open(&mut out, height, c.title);
    axis(&mut out, &scale, &ticks, bottom, c.unit, true);
    for (i, r) in c.rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let mid = y + ROW / 2.0;
        row_label(&mut out, left - 8.0, mid, &r.label, names);
        let negative = r.value < Decimal::ZERO;
        let (x0, x1) = if negative {
            (scale.x(r.value), scale.zero)
        } else {
            (scale.zero, scale.x(r.value))
        };
        if x1 > x0 {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>",
                n(x0),
                n(mid - BAR / 2.0),
                n(x1 - x0),
                n(BAR),
                if negative { DECREASE } else { INCREASE }
            );
        }
        let (x, anchor) = if negative {
            (x0 - 5.0, "end")
        } else {
            (x1 + 5.0, "start")
        };
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"{}\">{}</text>",
            n(x),
            n(mid + SMALL * 0.35),
            n(SMALL),
            escape(&r.value_label)
        );
    }
    let half = (WIDTH - 8.0) / 2.0;
    swatch(&mut out, 4.0, legend_top, INCREASE, c.increase, half);
    swatch(
        &mut out,
        4.0 + text_width(c.increase, SMALL) + 40.0,
        legend_top,
        DECREASE,
        c.decrease,
        half,
    );
    out.push_str("</svg>\n");
    out
}

/// Values over categories (years), a series each: lines or grouped bars.
pub struct Lines<'a> {
    /// What the chart shows (the SVG's accessible title).
    pub title: &'a str,
    /// The categories along the x axis, in order.
    pub categories: &'a [String],
    /// Each series' name and one value per category (kronor).
    pub series: &'a [(String, Vec<Decimal>)],
}

/// Plot height and the room for the y axis' labels.
const PLOT: f64 = 220.0;

/// The vertical scale of a category chart, its ticks and the y of a value.
fn vertical(c: &Lines) -> (Scale, Vec<Decimal>, Decimal, Decimal) {
    let all = c.series.iter().flat_map(|(_, v)| v.iter().copied());
    let (lo, hi) = all.fold((Decimal::ZERO, Decimal::ZERO), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    let scale = Scale::fit(lo, hi, 0.0, PLOT, 0.0, 0.0);
    let ticks = scale.ticks(lo, hi);
    (scale, ticks, lo, hi)
}

/// The y axis (grid lines and labels, in kronor) and the categories below.
fn category_axes(
    out: &mut String,
    c: &Lines,
    scale: &Scale,
    ticks: &[Decimal],
    left: f64,
    right: f64,
    slot: f64,
) {
    let bottom = TOP + PLOT;
    for t in ticks {
        let y = bottom - scale.x(*t);
        let colour = if t.is_zero() { AXIS } else { GRID };
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"1\"/>",
            n(left),
            n(right),
            y = n(y)
        );
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"{}\" fill=\"{AXIS}\">{}</text>",
            n(left - 4.0),
            n(y + SMALL * 0.35),
            n(SMALL),
            escape(&tick_label(*t, false))
        );
    }
    for (i, cat) in c.categories.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            n(left + slot * (i as f64 + 0.5)),
            n(bottom + 16.0),
            escape(cat)
        );
    }
}

/// The legend under a category chart, in columns; returns the height used.
fn legend(out: &mut String, c: &Lines, top: f64) -> f64 {
    let columns = 3;
    let per_column = c.series.len().div_ceil(columns).max(1);
    let width = (WIDTH - 8.0) / columns as f64;
    for (i, (name, _)) in c.series.iter().enumerate() {
        let x = 4.0 + width * (i / per_column) as f64;
        let y = top + 18.0 * (i % per_column) as f64;
        swatch(out, x, y, colour(i), name, width);
    }
    18.0 * per_column as f64
}

fn tick_width(ticks: &[Decimal]) -> f64 {
    ticks
        .iter()
        .map(|t| text_width(&tick_label(*t, false), SMALL))
        .fold(0.0, f64::max)
        + 10.0
}

/// A line per series over the categories, with a marker at each value.
pub fn lines(c: &Lines) -> String {
    let (scale, ticks, _, _) = vertical(c);
    let left = tick_width(&ticks).max(40.0);
    let right = WIDTH - 6.0;
    let slot = (right - left) / c.categories.len().max(1) as f64;
    let bottom = TOP + PLOT;
    let legend_top = bottom + 30.0;
    let mut body = String::new();
    category_axes(&mut body, c, &scale, &ticks, left, right, slot);
    for (s, (name, values)) in c.series.iter().enumerate() {
        let points: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (left + slot * (i as f64 + 0.5), bottom - scale.x(*v)))
            .collect();
        let path: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect();
        let _ = writeln!(
            body,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
            path.join(" "),
            colour(s)
        );
        for ((x, y), (v, cat)) in points.iter().zip(values.iter().zip(c.categories)) {
            let _ = writeln!(
                body,
                "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"><title>{} {}: {} kr</title></circle>",
                n(*x),
                n(*y),
                colour(s),
                escape(name),
                escape(cat),
                sv::num_dp(*v, 0)
            );
        }
    }
    let used = legend(&mut body, c, legend_top);
    let mut out = String::new();
    open(&mut out, legend_top + used + 2.0, c.title);
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// Vertical bars side by side: a group per category, a bar per series.
pub fn grouped(c: &Lines) -> String {
    let (scale, ticks, _, _) = vertical(c);
    let left = tick_width(&ticks).max(40.0);
    let right = WIDTH - 6.0;
    let slot = (right - left) / c.categories.len().max(1) as f64;
    let bar = (slot * 0.8 / c.series.len().max(1) as f64).min(40.0);
    let bottom = TOP + PLOT;
    let legend_top = bottom + 30.0;
    let mut body = String::new();
    category_axes(&mut body, c, &scale, &ticks, left, right, slot);
    let group = bar * c.series.len() as f64;
    for (s, (name, values)) in c.series.iter().enumerate() {
        for (i, (v, cat)) in values.iter().zip(c.categories).enumerate() {
            let x = left + slot * (i as f64 + 0.5) - group / 2.0 + bar * s as f64;
            let (y0, y1) = (bottom - scale.x(*v), bottom - scale.x(Decimal::ZERO));
            let (top, height) = if y0 < y1 { (y0, y1 - y0) } else { (y1, y0 - y1) };
            let _ = writeln!(
                body,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}: {} kr</title></rect>",
                n(x),
                n(top),
                n(bar),
                n(height),
                colour(s),
                escape(name),
                escape(cat),
                sv::num_dp(*v, 0)
            );
        }
    }
    let used = legend(&mut body, c, legend_top);
    let mut out = String::new();
    open(&mut out, legend_top + used + 2.0, c.title);
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn round_steps() {
        assert_eq!(nice_step(d("4051.6")), d("5000"));
        assert_eq!(nice_step(d("1000")), d("1000"));
        assert_eq!(nice_step(d("1001")), d("2000"));
        assert_eq!(nice_step(d("0.3")), d("0.5"));
        assert_eq!(nice_step(d("15")), d("20"));
    }

    #[test]
    fn coordinates_are_short_and_never_negative_zero() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.25), "12.2");
        assert_eq!(n(-0.01), "0");
        assert_eq!(n(-3.46), "-3.5");
    }

    #[test]
    fn long_labels_are_shortened() {
        let s = fit(
            "Medlemsavgifter Närvårdssamverkan Södra Älvsborg (NVS)",
            10.0,
            120.0,
        );
        assert!(s.ends_with('…') && text_width(&s, 10.0) <= 120.0, "{s}");
        assert_eq!(fit("Borås", 10.0, 120.0), "Borås");
    }

    #[test]
    fn charts_escape_their_text_and_are_deterministic() {
        let rows = [
            StackedRow {
                label: "A<b>".into(),
                values: vec![d("10"), d("5")],
                total_label: "15".into(),
            },
            StackedRow {
                label: "B & C".into(),
                values: vec![d("0"), d("7.5")],
                total_label: "7,5".into(),
            },
        ];
        let series = ["x\"y".to_string(), "z".to_string()];
        let chart = Stacked {
            title: "T",
            unit: "tkr",
            series: &series,
            rows: &rows,
        };
        let svg = stacked(&chart);
        assert!(svg.contains("A&lt;b&gt;") && svg.contains("B &amp; C") && svg.contains("x&quot;y"));
        assert!(!svg.contains("A<b>"));
        assert_eq!(svg, stacked(&chart));

        let rows = [
            DivergingRow {
                label: "Up".into(),
                value: d("3"),
                value_label: "+3".into(),
            },
            DivergingRow {
                label: "Down".into(),
                value: d("-2"),
                value_label: "-2".into(),
            },
        ];
        let svg = diverging(&Diverging {
            title: "T",
            unit: "kr",
            rows: &rows,
            increase: "Ökning",
            decrease: "Minskning",
        });
        assert!(svg.contains(INCREASE) && svg.contains(DECREASE));
        assert!(svg.contains(">+3<") && svg.contains(">-2<"));
    }
}
