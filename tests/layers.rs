//! The layering, as the source states it. The module graph is built from
//! the sources (every `use`, every `crate::…`, `super::…` and `self::…`
//! path, and every path through a name a `use` brought in, with `pub use`
//! re-exports followed to the file that defines the name), and held to the
//! layer table of ARCHITECTURE.md (the ```layers block): no file imports a
//! file of a higher layer, and no files import each other in a circle. A
//! failure names the file, the line and the import.
//!
//! Besides: no global state of a run, and the run's context is the only
//! writer of output.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::root;

/// Every `.rs` file under `dir` (relative to `src/`), but a module's tests
/// in a file or folder of their own (`tests.rs`, `tests/`).
fn source_files(src: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("a source folder")
        .map(|e| e.expect("an entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(src, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && !path.ends_with("tests.rs")
            && !path.strip_prefix(src).unwrap().iter().any(|c| c == "tests")
        {
            out.push(path.strip_prefix(src).unwrap().to_path_buf());
        }
    }
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

/// The tokens that matter for paths: identifiers, `::` and punctuation;
/// comments, strings and character literals are left out.
fn tokens(text: &str) -> Vec<Token> {
    let c: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let bump = |from: usize, to: usize, line: &mut usize| {
        *line += c[from..to.min(c.len())].iter().filter(|&&ch| ch == '\n').count();
    };
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && c.get(i + 1) == Some(&'*') {
            let start = i;
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            bump(start, i, &mut line);
        } else if ch == '"' || (ch == 'b' && c.get(i + 1) == Some(&'"')) {
            let start = i;
            i += if ch == 'b' { 2 } else { 1 };
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            bump(start, i, &mut line);
        } else if (ch == 'r' || (ch == 'b' && c.get(i + 1) == Some(&'r')))
            && matches!(c.get(i + 1 + usize::from(ch == 'b')), Some('"') | Some('#'))
            && {
                let mut j = i + 1 + usize::from(ch == 'b');
                while c.get(j) == Some(&'#') {
                    j += 1;
                }
                c.get(j) == Some(&'"')
            }
        {
            let start = i;
            i += 1 + usize::from(ch == 'b');
            let mut hashes = 0;
            while c[i] == '#' {
                hashes += 1;
                i += 1;
            }
            i += 1;
            loop {
                if i >= c.len() {
                    break;
                }
                if c[i] == '"' && (0..hashes).all(|k| c.get(i + 1 + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            bump(start, i, &mut line);
        } else if ch == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if c.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if c.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                    i += 1;
                }
            }
        } else if ch.is_alphabetic() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            let word = word.strip_prefix("r#").map(str::to_string).unwrap_or(word);
            out.push(Token {
                tok: Tok::Ident(word),
                line,
            });
        } else if ch.is_ascii_digit() {
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_' || c[i] == '.') {
                i += 1;
            }
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push(Token { tok: Tok::Path, line });
            i += 2;
        } else {
            out.push(Token {
                tok: Tok::Punct(ch),
                line,
            });
            i += 1;
        }
    }
    out
}

/// The tokens without the items under `#[cfg(test)]`: a module's tests
/// may use anything.
fn without_tests(toks: Vec<Token>) -> Vec<Token> {
    let is = |t: Option<&Token>, want: &Tok| t.is_some_and(|t| &t.tok == want);
    let ident = |s: &str| Tok::Ident(s.to_string());
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let cfg_test = is(toks.get(i), &Tok::Punct('#'))
            && is(toks.get(i + 1), &Tok::Punct('['))
            && is(toks.get(i + 2), &ident("cfg"))
            && is(toks.get(i + 3), &Tok::Punct('('))
            && is(toks.get(i + 4), &ident("test"))
            && is(toks.get(i + 5), &Tok::Punct(')'))
            && is(toks.get(i + 6), &Tok::Punct(']'));
        if !cfg_test {
            out.push(toks[i].clone());
            i += 1;
            continue;
        }
        // Skip the item: up to its `;` or the end of its `{ … }`.
        i += 7;
        let mut depth = 0usize;
        while i < toks.len() {
            match toks[i].tok {
                Tok::Punct('{') => depth += 1,
                Tok::Punct('}') => {
                    depth -= 1;
                    if depth == 0 {
                        i += 1;
                        break;
                    }
                }
                Tok::Punct(';') if depth == 0 => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// What a file names

/// One name a `use` brings in: the path it stands for.
#[derive(Debug, Clone)]
struct UseItem {
    path: Vec<String>,
    /// The name it is known by in the file (`None` for `*`).
    name: Option<String>,
    public: bool,
    line: usize,
}

/// A path written in the code, where it is.
#[derive(Debug, Clone)]
struct Written {
    path: Vec<String>,
    line: usize,
}

#[derive(Debug, Default)]
struct FileSyntax {
    uses: Vec<UseItem>,
    paths: Vec<Written>,
    /// `mod x;` declarations: child modules in files of their own.
    children: BTreeSet<String>,
}

fn parse_use_tree(
    toks: &[Token],
    i: &mut usize,
    prefix: Vec<String>,
    public: bool,
    line: usize,
    out: &mut Vec<UseItem>,
) {
    let mut path = prefix;
    loop {
        match toks.get(*i).map(|t| &t.tok) {
            Some(Tok::Ident(w)) => {
                path.push(w.clone());
                *i += 1;
                if let Some(Tok::Path) = toks.get(*i).map(|t| &t.tok) {
                    *i += 1;
                    continue;
                }
                let mut name = path.last().cloned();
                if let Some(Tok::Ident(a)) = toks.get(*i).map(|t| &t.tok) {
                    if a == "as" {
                        if let Some(Tok::Ident(alias)) = toks.get(*i + 1).map(|t| &t.tok) {
                            name = Some(alias.clone());
                        }
                        *i += 2;
                    }
                }
                if path.last().is_some_and(|l| l == "self") {
                    path.pop();
                    if name.as_deref() == Some("self") {
                        name = path.last().cloned();
                    }
                }
                out.push(UseItem {
                    path,
                    name,
                    public,
                    line,
                });
                return;
            }
            Some(Tok::Punct('*')) => {
                *i += 1;
                out.push(UseItem {
                    path,
                    name: None,
                    public,
                    line,
                });
                return;
            }
            Some(Tok::Punct('{')) => {
                *i += 1;
                loop {
                    match toks.get(*i).map(|t| &t.tok) {
                        Some(Tok::Punct('}')) => {
                            *i += 1;
                            return;
                        }
                        Some(Tok::Punct(',')) => *i += 1,
                        None => return,
                        _ => {
                            let line = toks[*i].line;
                            parse_use_tree(toks, i, path.clone(), public, line, out)
                        }
                    }
                }
            }
            Some(Tok::Path) => *i += 1, // a leading `::`
            _ => return,
        }
    }
}

fn syntax(toks: &[Token]) -> FileSyntax {
    let mut out = FileSyntax::default();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].tok {
            Tok::Ident(w) if w == "use" => {
                // `pub use` or `pub(crate) use`: a re-export.
                let public = i >= 1
                    && (toks[i - 1].tok == Tok::Ident("pub".into())
                        || (toks[i - 1].tok == Tok::Punct(')')
                            && (2..=5).any(|k| i >= k && toks[i - k].tok == Tok::Ident("pub".into()))));
                i += 1;
                let line = toks.get(i).map_or(0, |t| t.line);
                parse_use_tree(toks, &mut i, Vec::new(), public, line, &mut out.uses);
                while i < toks.len() && toks[i].tok != Tok::Punct(';') {
                    i += 1;
                }
            }
            Tok::Ident(w) if w == "mod" => {
                if let (Some(Tok::Ident(name)), Some(Tok::Punct(';'))) =
                    (toks.get(i + 1).map(|t| &t.tok), toks.get(i + 2).map(|t| &t.tok))
                {
                    out.children.insert(name.clone());
                }
                i += 1;
            }
            Tok::Ident(w) if i == 0 || toks[i - 1].tok != Tok::Path => {
                if toks.get(i + 1).map(|t| &t.tok) == Some(&Tok::Path) {
                    let line = toks[i].line;
                    let mut path = vec![w.clone()];
                    let mut j = i + 1;
                    while toks.get(j).map(|t| &t.tok) == Some(&Tok::Path) {
                        match toks.get(j + 1).map(|t| &t.tok) {
                            Some(Tok::Ident(next)) => {
                                path.push(next.clone());
                                j += 2;
                            }
                            _ => break,
                        }
                    }
                    out.paths.push(Written { path, line });
                    i = j;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The graph

/// The crate's files, their module paths and what each names.
struct Crate {
    /// Module path (`["write", "pdf", "layout"]`) to file (`write/pdf/layout.rs`).
    modules: BTreeMap<Vec<String>, PathBuf>,
    files: BTreeMap<PathBuf, (Vec<String>, FileSyntax)>,
}

fn module_path(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file.iter().map(|p| p.to_string_lossy().to_string()).collect();
    let last = parts.pop().unwrap();
    match last.as_str() {
        "mod.rs" | "lib.rs" => {}
        _ => parts.push(last.trim_end_matches(".rs").to_string()),
    }
    parts
}

impl Crate {
    fn read() -> Crate {
        Crate::read_edited(|_, _| {})
    }

    /// The crate with each file's text as `edit` leaves it.
    fn read_edited(edit: impl Fn(&Path, &mut String)) -> Crate {
        let src = root().join("src");
        let mut files = Vec::new();
        source_files(&src, &src, &mut files);
        let mut modules = BTreeMap::new();
        let mut parsed = BTreeMap::new();
        for file in files {
            if file == Path::new("main.rs") {
                continue; // the binary: a crate of its own on top
            }
            let mut text = std::fs::read_to_string(src.join(&file)).expect("UTF-8 source");
            edit(&file, &mut text);
            let m = module_path(&file);
            modules.insert(m.clone(), file.clone());
            parsed.insert(file, (m, syntax(&without_tests(tokens(&text)))));
        }
        Crate {
            modules,
            files: parsed,
        }
    }

    /// The absolute path a path written in `file` stands for, if it is
    /// one of the crate's.
    fn absolute(&self, file: &Path, path: &[String], in_use: bool) -> Option<Vec<String>> {
        let (module, syn) = &self.files[file];
        let first = path.first()?;
        let mut out = match first.as_str() {
            "crate" => Vec::new(),
            "self" => module.clone(),
            "super" => {
                let mut m = module.clone();
                m.pop();
                m
            }
            _ if syn.children.contains(first) => {
                let mut m = module.clone();
                m.push(first.clone());
                m.extend(path[1..].iter().cloned());
                return Some(m);
            }
            _ if !in_use => {
                // A name a `use` of the crate brought in.
                let item = syn
                    .uses
                    .iter()
                    .filter(|u| u.name.as_deref() == Some(first.as_str()))
                    .find_map(|u| self.absolute(file, &u.path, true))?;
                let mut m = item;
                m.extend(path[1..].iter().cloned());
                return Some(m);
            }
            _ => return None,
        };
        let mut rest = &path[1..];
        while rest.first().is_some_and(|s| s == "super") {
            out.pop();
            rest = &rest[1..];
        }
        out.extend(rest.iter().cloned());
        Some(out)
    }

    /// The file that defines what an absolute path names: the longest
    /// prefix that is a module, then through its `pub use` re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Option<PathBuf> {
        let cut = (0..=path.len())
            .rev()
            .find(|&n| self.modules.contains_key(&path[..n]))?;
        let file = &self.modules[&path[..cut]];
        let rest = &path[cut..];
        if depth < 16 {
            if let Some(name) = rest.first() {
                let (_, syn) = &self.files[file];
                for u in syn.uses.iter().filter(|u| u.public) {
                    let target = match &u.name {
                        Some(n) if n == name => self.absolute(file, &u.path, true).map(|mut p| {
                            p.extend(rest[1..].iter().cloned());
                            p
                        }),
                        None => self.absolute(file, &u.path, true).map(|mut p| {
                            p.extend(rest.iter().cloned());
                            p
                        }),
                        _ => None,
                    };
                    if let Some(found) = target.and_then(|t| self.resolve(&t, depth + 1)) {
                        if u.name.is_some() || found != *file {
                            return Some(found);
                        }
                    }
                }
            }
        }
        Some(file.clone())
    }

    /// Every import between two files: (from, line, the path as written, to).
    fn edges(&self) -> Vec<Edge> {
        let mut out = Vec::new();
        for (file, (_, syn)) in &self.files {
            let written = syn
                .uses
                .iter()
                .map(|u| (u.line, &u.path, true))
                .chain(syn.paths.iter().map(|w| (w.line, &w.path, false)));
            for (line, path, in_use) in written {
                let Some(abs) = self.absolute(file, path, in_use) else {
                    continue;
                };
                // A `use` of a module alone names nothing yet: what is
                // taken through it is counted where it is used.
                let glob = in_use && syn.uses.iter().any(|u| u.name.is_none() && &u.path == path);
                if in_use
                    && !glob
                    && self.modules.contains_key(&abs)
                    && !self.modules[&abs].ends_with("lib.rs")
                {
                    let by_name = path.last().map(String::as_str);
                    if by_name != Some("self") && !syn.uses.iter().any(|u| u.public && &u.path == path) {
                        continue;
                    }
                }
                let Some(to) = self.resolve(&abs, 0) else { continue };
                if &to != file && !to.ends_with("lib.rs") {
                    out.push(Edge {
                        from: file.clone(),
                        line,
                        import: path.join("::"),
                        to,
                    });
                }
            }
        }
        out.sort_by(|a, b| (&a.from, a.line, &a.to, &a.import).cmp(&(&b.from, b.line, &b.to, &b.import)));
        out.dedup_by(|a, b| a.from == b.from && a.to == b.to && a.line == b.line);
        out
    }
}

#[derive(Debug, Clone)]
struct Edge {
    from: PathBuf,
    line: usize,
    import: String,
    to: PathBuf,
}

impl std::fmt::Display for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "src/{}:{}: {} (src/{})",
            self.from.display(),
            self.line,
            self.import,
            self.to.display()
        )
    }
}

/// The layer table of ARCHITECTURE.md: top-level module to layer, bottom
/// (0) to top.
fn layers() -> BTreeMap<String, (usize, String)> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let block = text
        .split("```layers\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("ARCHITECTURE.md has a ```layers block");
    let mut out = BTreeMap::new();
    let rows: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
    // The block lists the top layer first, as a reader looks down on it.
    for (n, row) in rows.iter().rev().enumerate() {
        let (name, modules) = row.split_once(':').expect("`layer: modules`");
        for m in modules.split_whitespace() {
            let m = m.trim_end_matches('/').trim_end_matches(".rs");
            assert!(
                out.insert(m.to_string(), (n, name.trim().to_string())).is_none(),
                "{m} twice"
            );
        }
    }
    out
}

fn top_module(file: &Path) -> String {
    module_path(file).first().cloned().unwrap_or_else(|| "lib".into())
}

/// The circles of the graph (strongly connected parts of more than one
/// file), each with the imports that close it.
fn circles(edges: &[Edge]) -> Vec<Vec<Edge>> {
    let mut next: BTreeMap<&PathBuf, Vec<&Edge>> = BTreeMap::new();
    for e in edges {
        next.entry(&e.from).or_default().push(e);
    }
    let nodes: BTreeSet<&PathBuf> = edges.iter().flat_map(|e| [&e.from, &e.to]).collect();
    let reach = |from: &PathBuf| -> BTreeSet<&PathBuf> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(n) = todo.pop() {
            for e in next.get(n).into_iter().flatten() {
                if seen.insert(&e.to) {
                    todo.push(&e.to);
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&PathBuf, BTreeSet<&PathBuf>> = nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for n in &nodes {
        if done.contains(n) || !reaches[n].contains(n) {
            continue;
        }
        let part: BTreeSet<&PathBuf> = reaches[n]
            .iter()
            .filter(|m| reaches[*m].contains(*n))
            .copied()
            .collect();
        done.extend(part.iter().copied());
        out.push(
            edges
                .iter()
                .filter(|e| part.contains(&e.from) && part.contains(&e.to))
                .cloned()
                .collect(),
        );
    }
    out
}

/// The first import of each pair of files.
fn first_per_pair<'e>(edges: impl IntoIterator<Item = &'e Edge>) -> Vec<&'e Edge> {
    let mut seen = BTreeSet::new();
    edges
        .into_iter()
        .filter(|e| seen.insert((&e.from, &e.to)))
        .collect()
}

/// The graph as Graphviz text, a box per node and the nodes of a layer
/// side by side: `node` names a file's node (the file itself, or its
/// top-level module). `scripts/module-graph.sh` draws it.
fn dot(edges: &[Edge], layers: &BTreeMap<String, (usize, String)>, node: impl Fn(&Path) -> String) -> String {
    let mut text = String::from(
        "digraph avgift {\n  rankdir=BT;\n  newrank=true;\n  node [shape=box, fontname=\"sans-serif\", fontsize=10];\n",
    );
    let mut by_layer: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for e in edges {
        for f in [&e.from, &e.to] {
            let layer = layers.get(&top_module(f)).map_or(usize::MAX, |l| l.0);
            by_layer.entry(layer).or_default().insert(node(f));
        }
    }
    for (layer, nodes) in &by_layer {
        let name = layers
            .values()
            .find(|l| l.0 == *layer)
            .map_or("?", |l| l.1.as_str());
        text.push_str(&format!(
            "  subgraph cluster_{layer} {{ label=\"{name}\"; rank=same;\n"
        ));
        for n in nodes {
            text.push_str(&format!("    \"{n}\";\n"));
        }
        text.push_str("  }\n");
    }
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    for e in edges {
        let (a, b) = (node(&e.from), node(&e.to));
        if a != b {
            *pairs.entry((a, b)).or_default() += 1;
        }
    }
    for ((a, b), n) in pairs {
        text.push_str(&format!("  \"{a}\" -> \"{b}\" [label=\"{n}\", fontsize=8];\n"));
    }
    text.push_str("}\n");
    text
}

/// Every import that points up the layers, every circle of files, and
/// every top-level module without a layer.
fn problems(krate: &Crate, layers: &BTreeMap<String, (usize, String)>) -> Vec<String> {
    let edges = krate.edges();

    let mut problems = Vec::new();
    let modules: BTreeSet<String> = krate.files.keys().map(|f| top_module(f)).collect();
    for m in modules.iter().filter(|m| *m != "lib") {
        if !layers.contains_key(m) {
            problems.push(format!("src/{m}: no layer in ARCHITECTURE.md's ```layers block"));
        }
    }
    let upward: Vec<&Edge> = edges
        .iter()
        .filter(
            |e| match (layers.get(&top_module(&e.from)), layers.get(&top_module(&e.to))) {
                (Some(a), Some(b)) => a.0 < b.0,
                _ => false,
            },
        )
        .collect();
    for e in first_per_pair(upward.iter().copied()) {
        let (from, to) = (top_module(&e.from), top_module(&e.to));
        let more = upward.iter().filter(|u| u.from == e.from && u.to == e.to).count() - 1;
        let more = if more > 0 {
            format!(" (and {more} more uses)")
        } else {
            String::new()
        };
        problems.push(format!(
            "{e}: {from} ({}) imports {to} ({}), a higher layer{more}",
            layers[&from].1, layers[&to].1
        ));
    }
    for circle in circles(&edges) {
        let files: BTreeSet<String> = circle
            .iter()
            .map(|e| format!("src/{}", e.from.display()))
            .collect();
        problems.push(format!(
            "a circle of {} files ({}), closed by:\n    {}",
            files.len(),
            files.into_iter().collect::<Vec<_>>().join(", "),
            first_per_pair(&circle)
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n    ")
        ));
    }
    problems
}

#[test]
fn every_import_points_down_the_layers_and_no_files_import_each_other_in_a_circle() {
    let krate = Crate::read();
    let layers = layers();
    let edges = krate.edges();
    assert!(
        edges.len() > 100,
        "the graph has {} imports: the reader is broken",
        edges.len()
    );
    let problems = problems(&krate, &layers);
    let out = root().join("target");
    let _ = std::fs::create_dir_all(&out);
    let _ = std::fs::write(out.join("module-graph.dot"), dot(&edges, &layers, top_module));
    let _ = std::fs::write(
        out.join("file-graph.dot"),
        dot(&edges, &layers, |f| f.display().to_string()),
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The imports that made circles and pointed up the layers before the
/// layers were declared, each put back: the test must name each.
#[test]
fn each_import_that_broke_the_layers_is_caught_when_put_back() {
    let layers = layers();
    let cases = [
        // Writers took the plan's and solve's results from the commands.
        (
            "write/plan/mod.rs",
            "use crate::cmd::plan::PlanArgs;",
            "a higher layer",
        ),
        (
            "write/solve.rs",
            "use crate::cmd::solve::SolveArgs;",
            "a higher layer",
        ),
        // The invoicing workflow took the command line's types.
        (
            "invoicing/files.rs",
            "use crate::cmd::args::Common;",
            "a higher layer",
        ),
        (
            "invoicing/einvoice.rs",
            "use crate::cmd::dispatch;",
            "a higher layer",
        ),
        // The run's context, its record and the input reader in a circle.
        ("context/mod.rs", "use crate::audit::Recipe;", "a circle"),
        (
            "context/input.rs",
            "use crate::read::text::decode;",
            "a higher layer",
        ),
        // Money and Swedish formatting in a circle.
        ("money.rs", "use crate::sv::kr;", "a circle"),
        // A folder's parts and its mod.rs in a circle.
        ("engine/rules/interface.rs", "use super::Prepared;", "a circle"),
        ("invoicing/files.rs", "use super::run;", "a circle"),
        ("cmd/verify.rs", "use super::dispatch;", "a circle"),
    ];
    for (file, import, what) in cases {
        let krate = Crate::read_edited(|f, text| {
            if f == Path::new(file) {
                text.insert_str(0, &format!("{import}\n"));
            }
        });
        let found = problems(&krate, &layers);
        assert!(
            found
                .iter()
                .any(|p| p.contains(what) && p.contains(&format!("src/{file}"))),
            "{import} put back in src/{file}: expected {what:?} naming the file, found {found:#?}"
        );
    }
    assert_eq!(problems(&Crate::read(), &layers), Vec::<String>::new());
}

#[test]
fn the_graph_reader_sees_each_kind_of_import() {
    let text = "use crate::a::{b, c::{self, D as E}};\nuse super::f::G;\npub use h::I;\nmod h;\n\
                fn x() { crate::j::k(); E::new(); c::l(); let s = \"crate::no::thing\"; }\n\
                #[cfg(test)]\nmod tests { use crate::z::Y; }\n";
    let syn = syntax(&without_tests(tokens(text)));
    let uses: Vec<String> = syn.uses.iter().map(|u| u.path.join("::")).collect();
    assert_eq!(
        uses,
        [
            "crate::a::b",
            "crate::a::c",
            "crate::a::c::D",
            "super::f::G",
            "h::I"
        ]
    );
    assert_eq!(syn.uses[2].name.as_deref(), Some("E"));
    assert!(syn.uses[4].public && !syn.uses[0].public);
    let paths: Vec<String> = syn.paths.iter().map(|w| w.path.join("::")).collect();
    assert_eq!(paths, ["crate::j::k", "E::new", "c::l"]);
    assert_eq!(syn.paths[0].line, 5);
    assert!(syn.children.contains("h"));
}

/// Every function longer than `limit` lines (its first line to its last)
/// whose comments do not say it is long on purpose: (file, line, name,
/// lines). Tests are left out.
fn long_functions(limit: usize) -> Vec<String> {
    let src = root().join("src");
    let mut files = Vec::new();
    source_files(&src, &src, &mut files);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(src.join(&file)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let toks = without_tests(tokens(&text));
        let mut i = 0;
        while i + 1 < toks.len() {
            let (Tok::Ident(kw), Tok::Ident(name)) = (&toks[i].tok, &toks[i + 1].tok) else {
                i += 1;
                continue;
            };
            if kw != "fn" {
                i += 1;
                continue;
            }
            // The body: the first `{` before a `;` (a declaration has none).
            let mut j = i + 2;
            while j < toks.len() && !matches!(toks[j].tok, Tok::Punct('{') | Tok::Punct(';')) {
                j += 1;
            }
            if j >= toks.len() || toks[j].tok == Tok::Punct(';') {
                i = j;
                continue;
            }
            let mut depth = 0usize;
            let mut k = j;
            while k < toks.len() {
                match toks[k].tok {
                    Tok::Punct('{') => depth += 1,
                    Tok::Punct('}') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
            let (first, last) = (toks[i].line, toks[k.min(toks.len() - 1)].line);
            if last + 1 - first > limit {
                // Its comments: the lines above it, and the body.
                let mut top = first - 1;
                while top > 0 && {
                    let l = lines[top - 1].trim_start();
                    l.starts_with("//") || l.starts_with("#[")
                } {
                    top -= 1;
                }
                let said = lines[top..last]
                    .iter()
                    .any(|l| l.to_lowercase().contains("long on purpose"));
                if !said {
                    out.push(format!(
                        "src/{}:{first}: fn {name} is {} lines",
                        file.display(),
                        last + 1 - first
                    ));
                }
            }
            // Functions inside it are counted on their own.
            i += 2;
        }
    }
    out
}

#[test]
fn no_source_file_is_over_1000_lines_and_no_function_over_100_without_saying_why() {
    // Every file, a module's tests in a file of their own too.
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("src"), &mut files);
    files.sort();
    let mut long: Vec<String> = Vec::new();
    for file in &files {
        let n = std::fs::read_to_string(file).unwrap().lines().count();
        if n > 1000 {
            long.push(format!(
                "{}: {n} lines",
                file.strip_prefix(root()).unwrap().display()
            ));
        }
    }
    assert_eq!(long, Vec::<String>::new(), "split these files");
    assert_eq!(
        long_functions(100),
        Vec::<String>::new(),
        "split these functions, or say in a comment why each is long on purpose"
    );
}

/// What `text` contains of `needles`, per file under `dir`, tests left out.
fn offenders(dir: &str, needles: &[&str], except: &[&str]) -> Vec<String> {
    let src = root().join("src");
    let mut files = Vec::new();
    source_files(&src, &src.join(dir), &mut files);
    files
        .into_iter()
        .filter(|p| !except.iter().any(|e| p.ends_with(e)))
        .flat_map(|p| {
            let text = std::fs::read_to_string(src.join(&p)).unwrap();
            let code = match text.find("#[cfg(test)]") {
                Some(at) => text[..at].to_string(),
                None => text,
            };
            needles
                .iter()
                .filter(|n| code.contains(**n))
                .map(|n| format!("{}: {n}", p.display()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn the_engine_does_no_io() {
    assert_eq!(
        offenders("engine", &["std::fs", "std::io", "std::env"], &[]),
        Vec::<String>::new()
    );
}

#[test]
fn a_run_has_no_global_state_and_writes_only_through_its_context() {
    assert_eq!(
        offenders("", &["thread_local!", "static mut"], &[]),
        Vec::<String>::new()
    );
    let writers = [
        "std::io::stdout",
        "std::io::stderr",
        "println!",
        "eprintln!",
        "print!",
        "eprint!",
        "fs::write(",
        "fs::rename(",
        "OpenOptions",
        "File::create",
        "create_dir",
    ];
    assert_eq!(offenders("", &writers, &["context/mod.rs"]), Vec::<String>::new());
}
