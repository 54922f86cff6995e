//! JSON-stat 2.0, the PxWeb API's `json-stat2` response.

use std::collections::BTreeMap;

use serde_json::value::RawValue;
use serde_json::Value;

use super::table::ExportLayout;
use super::table::{ExportTable, Figure, Place, RegionRef, RegionRow, Where};
use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;
use crate::msg::Message;

/// A dimension: its id, label and categories (code, label) in index order.
#[derive(Debug, Clone)]
struct Dimension {
    id: String,
    categories: Vec<(String, String)>,
}

/// The position in `value` of the cell at `at` (one category index per
/// dimension), in row-major order over `size`; `None` when out of range.
pub fn flat_index(size: &[usize], at: &[usize]) -> Option<usize> {
    if size.len() != at.len() {
        return None;
    }
    let mut flat = 0usize;
    for (s, i) in size.iter().zip(at) {
        if i >= s {
            return None;
        }
        flat = flat.checked_mul(*s)?.checked_add(*i)?;
    }
    Some(flat)
}

/// The categories of a dimension, in index order: `index` as an object
/// (code → position) or an array of codes; without `index`, the single
/// category of `label`.
fn categories(category: &Value) -> Result<Vec<(String, String)>, Message> {
    let labels = category.get("label").and_then(Value::as_object);
    let codes: Vec<String> = match category.get("index") {
        Some(Value::Array(codes)) => codes
            .iter()
            .map(|c| {
                c.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| msg!("scb-json-index-not-codes"))
            })
            .collect::<Result<_, _>>()?,
        Some(Value::Object(index)) => {
            let mut slots: Vec<Option<String>> = vec![None; index.len()];
            for (code, pos) in index {
                let slot = pos
                    .as_u64()
                    .and_then(|p| usize::try_from(p).ok())
                    .and_then(|p| slots.get_mut(p))
                    .ok_or_else(|| {
                        msg!(
                            "scb-json-index-position",
                            code = msg::quoted(code),
                            size = index.len()
                        )
                    })?;
                if slot.is_some() {
                    return Err(msg!("scb-json-two-categories", position = pos.to_string()));
                }
                *slot = Some(code.clone());
            }
            slots.into_iter().flatten().collect()
        }
        Some(_) => return Err(msg!("scb-json-index-kind")),
        None => match labels {
            Some(l) if l.len() == 1 => l.keys().cloned().collect(),
            _ => return Err(msg!("scb-json-no-index")),
        },
    };
    Ok(codes
        .into_iter()
        .map(|code| {
            let label = labels
                .and_then(|l| l.get(&code))
                .and_then(Value::as_str)
                .unwrap_or(&code)
                .to_string();
            (code, label)
        })
        .collect())
}

/// A JSON-stat document being read: its text (for places) and its object.
struct Dataset<'t> {
    text: &'t str,
    lines: Lines,
    obj: &'t serde_json::Map<String, Value>,
}

impl Dataset<'_> {
    /// The line of the value at `path` (line 1 if there is none).
    fn at(&self, path: &[&str]) -> Place {
        Place::line(locate(self.text, path).map_or(1, |o| self.lines.line(o)))
    }

    /// The line of a byte offset.
    fn at_offset(&self, offset: usize) -> Place {
        Place::line(self.lines.line(offset))
    }

    fn fail(&self, path: &[&str], m: Message) -> Diagnostics {
        self.at(path).diag(m).into()
    }

    /// `class` is `dataset` and `version` is `2.0`.
    fn check_class(&self) -> Result<(), Diagnostics> {
        match self.obj.get("class").and_then(Value::as_str) {
            Some("dataset") => {}
            Some(other) => {
                return Err(self.fail(&["class"], msg!("scb-json-class", found = msg::quoted(other))))
            }
            None => return Err(self.fail(&[], msg!("scb-json-no-class"))),
        }
        if self.obj.get("version").and_then(Value::as_str) != Some("2.0") {
            return Err(self.fail(&["version"], msg!("scb-json-version")));
        }
        Ok(())
    }

    /// The dimensions' ids and sizes, as many of each.
    fn ids_and_sizes(&self) -> Result<(Vec<String>, Vec<usize>), Diagnostics> {
        let ids: Vec<String> = match self.obj.get("id").and_then(Value::as_array) {
            Some(ids) => ids
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| self.fail(&["id"], msg!("scb-json-id-not-names")))?,
            None => return Err(self.fail(&[], msg!("scb-json-no-id"))),
        };
        let size: Vec<usize> = match self.obj.get("size").and_then(Value::as_array) {
            Some(s) => s
                .iter()
                .map(|v| v.as_u64().and_then(|n| usize::try_from(n).ok()))
                .collect::<Option<_>>()
                .ok_or_else(|| self.fail(&["size"], msg!("scb-json-size-not-counts")))?,
            None => return Err(self.fail(&[], msg!("scb-json-no-size"))),
        };
        if size.len() != ids.len() {
            return Err(self.fail(
                &["size"],
                msg!("scb-json-sizes", sizes = size.len(), dimensions = ids.len()),
            ));
        }
        Ok((ids, size))
    }

    /// Every dimension with its categories, as many as its size says.
    fn dimensions(&self, ids: &[String], size: &[usize]) -> Result<Vec<Dimension>, Diagnostics> {
        let mut dims = Vec::new();
        let mut problems = Diagnostics::new();
        for (id, n) in ids.iter().zip(size) {
            let path = ["dimension", id];
            let Some(category) = self
                .obj
                .get("dimension")
                .and_then(|d| d.get(id))
                .and_then(|d| d.get("category"))
            else {
                problems.push(
                    self.at(&path)
                        .diag(msg!("scb-json-dimension-missing", dimension = msg::quoted(id))),
                );
                continue;
            };
            match categories(category) {
                Ok(c) if c.len() == *n => dims.push(Dimension {
                    id: id.clone(),
                    categories: c,
                }),
                Ok(c) => problems.push(self.at(&path).diag(msg!(
                    "scb-json-category-count",
                    dimension = msg::quoted(id),
                    found = c.len(),
                    size = *n
                ))),
                Err(e) => problems.push(self.at(&path).diag(msg!(
                    "scb-json-dimension",
                    dimension = msg::quoted(id),
                    why = e
                ))),
            }
        }
        problems.into_result(dims)
    }

    /// The dimension with role `r`, else the one whose id is in `fallback`.
    fn role(&self, ids: &[String], r: &str, fallback: &[&str]) -> Option<usize> {
        let named: Vec<&str> = self
            .obj
            .get("role")
            .and_then(|v| v.get(r))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        ids.iter()
            .position(|id| named.contains(&id.as_str()))
            .or_else(|| {
                ids.iter()
                    .position(|id| fallback.iter().any(|f| id.eq_ignore_ascii_case(f)))
            })
    }

    /// The region and time dimensions; every other one has one category.
    fn region_and_time(
        &self,
        ids: &[String],
        dims: &[Dimension],
    ) -> Result<(usize, Option<usize>), Diagnostics> {
        let Some(geo) = self.role(ids, "geo", &["region"]) else {
            return Err(self.fail(&["id"], msg!("scb-json-no-region", ids = ids.join(", "))));
        };
        let time = self.role(ids, "time", &["tid", "time"]).filter(|t| *t != geo);
        let mut problems = Diagnostics::new();
        for (i, d) in dims.iter().enumerate() {
            if i != geo && Some(i) != time && d.categories.len() != 1 {
                let shown: Vec<String> = d
                    .categories
                    .iter()
                    .take(5)
                    .map(|(c, l)| if c == l { c.clone() } else { format!("{c} {l}") })
                    .collect();
                let more = if d.categories.len() > 5 { ", …" } else { "" };
                problems.push(self.at(&["dimension", &d.id]).diag(msg!(
                    "scb-json-several-categories",
                    dimension = msg::quoted(&d.id),
                    count = d.categories.len(),
                    categories = format!("{}{more}", shown.join(", ")),
                    id = &d.id
                )));
            }
        }
        problems.into_result((geo, time))
    }

    /// `value` holds one value per cell: a list of the product of the
    /// sizes, or an object of cells by index.
    fn check_values(&self, size: &[usize]) -> Result<(), Diagnostics> {
        let total = size.iter().try_fold(1usize, |a, s| a.checked_mul(*s));
        match (self.obj.get("value"), total) {
            (Some(Value::Array(v)), Some(t)) if v.len() == t => Ok(()),
            (Some(Value::Array(v)), Some(t)) => Err(self.fail(
                &["value"],
                msg!(
                    "scb-json-value-count",
                    found = v.len(),
                    expected = t,
                    size = format!("{size:?}")
                ),
            )),
            (Some(Value::Array(v)), None) => Err(self.fail(
                &["value"],
                msg!(
                    "scb-json-value-count-too-many",
                    found = v.len(),
                    size = format!("{size:?}")
                ),
            )),
            (Some(Value::Object(_)), Some(_)) => Ok(()),
            _ => Err(self.fail(&[], msg!("scb-json-no-value"))),
        }
    }

    /// The value of cell `flat` as a figure, or why there is none (with its
    /// status mark, such as `..`).
    fn figure(&self, flat: usize) -> Figure {
        let key = flat.to_string();
        let value = match self.obj.get("value") {
            Some(Value::Array(v)) => v.get(flat),
            Some(Value::Object(o)) => o.get(&key),
            _ => None,
        };
        let mark = match self.obj.get("status") {
            Some(Value::Array(s)) => s.get(flat).and_then(Value::as_str),
            Some(Value::Object(s)) => s.get(&key).and_then(Value::as_str),
            Some(Value::String(s)) => Some(s.as_str()),
            _ => None,
        };
        match value {
            Some(Value::Number(n)) => Figure::Text(n.to_string()),
            Some(Value::String(s)) => Figure::Text(s.clone()),
            None | Some(Value::Null) => Figure::Missing(match mark {
                Some(m) => msg!("scb-json-figure-null", status = msg::quoted(m)),
                None => msg!("text-missing-figure"),
            }),
            Some(other) => Figure::Missing(msg!("scb-json-not-a-figure", found = other.to_string())),
        }
    }
}

/// The dimensions a dataset's rows come from.
struct Shape<'d> {
    size: &'d [usize],
    /// How many dimensions there are.
    count: usize,
    geo: usize,
    time: Option<usize>,
    region_dim: &'d Dimension,
    /// The time dimension, or one unnamed category when there is none.
    time_dim: &'d Dimension,
}

/// One row per region category, with a figure per period.
fn region_rows(data: &Dataset, shape: &Shape) -> Vec<RegionRow> {
    let Shape {
        size,
        geo,
        time,
        region_dim,
        time_dim,
        ..
    } = *shape;
    // Where each value and each region category is, found once.
    let value_at: BTreeMap<String, usize> = children(data.text, &["value"]).into_iter().collect();
    let category = |part| {
        children(data.text, &["dimension", &region_dim.id, "category", part])
            .into_iter()
            .collect::<BTreeMap<String, usize>>()
    };
    let (region_index, region_labels) = (category("index"), category("label"));
    let region_place = data.at(&["dimension", &region_dim.id]);
    let mut rows = Vec::new();
    for (ri, (rcode, rlabel)) in region_dim.categories.iter().enumerate() {
        let digits = !rcode.is_empty() && rcode.bytes().all(|b| b.is_ascii_digit());
        let region = RegionRef {
            code: digits.then(|| rcode.clone()),
            name: (!digits || rlabel != rcode).then(|| rlabel.clone()),
        };
        let mut place = match region_index.get(rcode).or_else(|| region_labels.get(rcode)) {
            Some(o) => data.at_offset(*o),
            None => region_place.clone(),
        };
        place.what = Some(Where::Category {
            dimension: region_dim.id.clone(),
            code: rcode.clone(),
            label: rlabel.clone(),
        });
        let mut figures = Vec::new();
        for (ti, (tcode, _)) in time_dim.categories.iter().enumerate() {
            let mut cell = vec![0usize; shape.count];
            if let Some(c) = cell.get_mut(geo) {
                *c = ri;
            }
            if let Some(c) = time.and_then(|t| cell.get_mut(t)) {
                *c = ti;
            }
            let Some(flat) = flat_index(size, &cell) else {
                continue;
            };
            let mut vplace = match value_at.get(&flat.to_string()) {
                Some(o) => data.at_offset(*o),
                None => data.at(&["value"]),
            };
            vplace.what = Some(Where::Value {
                index: flat,
                dimension: region_dim.id.clone(),
                code: rcode.clone(),
                label: rlabel.clone(),
                time: time.map(|_| (time_dim.id.clone(), tcode.clone())),
            });
            let p = time.map(|_| tcode.clone());
            figures.push((p, data.figure(flat), vplace));
        }
        rows.push(RegionRow {
            region,
            place,
            figures,
        });
    }
    rows
}

/// A JSON-stat 2.0 dataset read into rows: checked part by part (class,
/// dimensions, roles, values), then a row per region category.
pub(super) fn json_stat(text: &str) -> Result<ExportTable, Diagnostics> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        Diagnostic::new(msg!("scb-json-invalid", error = e.to_string())).at_line(e.line().max(1))
    })?;
    let lines = Lines::new(text);
    let Some(obj) = doc.as_object() else {
        let at = Place::line(locate(text, &[]).map_or(1, |o| lines.line(o)));
        return Err(at.diag(msg!("scb-json-not-object")).into());
    };
    let data = Dataset { text, lines, obj };
    data.check_class()?;
    let (ids, size) = data.ids_and_sizes()?;
    let dims = data.dimensions(&ids, &size)?;
    let (geo, time) = data.region_and_time(&ids, &dims)?;
    data.check_values(&size)?;
    let empty = Dimension {
        id: String::new(),
        categories: vec![(String::new(), String::new())],
    };
    let (region_dim, time_dim) = match (dims.get(geo), time.and_then(|t| dims.get(t))) {
        (Some(r), t) => (r, t.unwrap_or(&empty)),
        (None, _) => return Err(data.fail(&[], msg!("scb-json-no-region-dimension"))),
    };
    let shape = Shape {
        size: &size,
        count: dims.len(),
        geo,
        time,
        region_dim,
        time_dim,
    };
    let rows = region_rows(&data, &shape);
    let periods: Vec<String> = match time {
        Some(_) => time_dim.categories.iter().map(|(c, _)| c.clone()).collect(),
        None => Vec::new(),
    };
    let mut periods_place = match time {
        Some(_) => data.at(&["dimension", &time_dim.id]),
        None => data.at(&[]),
    };
    if time.is_some() {
        periods_place.what = Some(Where::Dimension(time_dim.id.clone()));
    }
    Ok(ExportTable {
        layout: ExportLayout::JsonStat,
        delimiter: None,
        rows,
        periods,
        periods_place,
        problems: Diagnostics::new(),
        labels_vary: false,
    })
}

/// Lines of byte offsets.
pub(super) struct Lines(Vec<usize>);

impl Lines {
    pub(super) fn new(text: &str) -> Lines {
        Lines(text.match_indices('\n').map(|(i, _)| i).collect())
    }

    /// 1-based line of a byte offset.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|n| *n < offset) + 1
    }
}

// Where values are. `serde_json::Value` keeps no positions, so the text is
// read again as borrowed `RawValue`s (serde_json's `raw_value` feature: no
// further crate and Cargo.lock unchanged; serde_json compiles its `raw.rs`,
// some 830 lines, most of them documentation, and a few gated paths), whose
// text lies inside the document's: its address minus the document's is its
// byte offset. A key given twice means its last value, as in `Value`.

/// The byte offset of `raw`, which was read from `text`.
fn offset(text: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// The value at `path` (object keys) in a JSON text, if there is one.
fn raw_at<'t>(text: &'t str, path: &[&str]) -> Option<&'t RawValue> {
    let mut raw: &RawValue = serde_json::from_str(text).ok()?;
    for key in path {
        let mut members: BTreeMap<String, &RawValue> = serde_json::from_str(raw.get()).ok()?;
        raw = members.remove(*key)?;
    }
    Some(raw)
}

/// The byte offset of the value at `path` (object keys) in a JSON text
/// that parses; `None` if there is no such value.
pub(super) fn locate(text: &str, path: &[&str]) -> Option<usize> {
    raw_at(text, path).map(|raw| offset(text, raw))
}

/// The members of the object or array at `path`, with the byte offset of
/// each value: keys for an object, `0`, `1`, … for an array.
pub(super) fn children(text: &str, path: &[&str]) -> Vec<(String, usize)> {
    let Some(raw) = raw_at(text, path) else {
        return Vec::new();
    };
    if let Ok(members) = serde_json::from_str::<BTreeMap<String, &RawValue>>(raw.get()) {
        return members
            .into_iter()
            .map(|(key, value)| (key, offset(text, value)))
            .collect();
    }
    match serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
        Ok(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, value)| (i.to_string(), offset(text, value)))
            .collect(),
        Err(_) => Vec::new(),
    }
}
