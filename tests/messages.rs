//! The message catalogue against the code: every id the code says is in
//! both languages, every id of the catalogue is said somewhere, and both
//! languages have the same ids (`locales/README.md`).

use std::collections::BTreeSet;
use std::path::Path;

use avgift::i18n::{ids, Lang};

use crate::support::root;

/// Every message id written in the code as a literal (`msg!("id", …)`,
/// `Message::new("id")`), tests left out.
fn used_ids() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if !p.ends_with("tests") {
                    walk(&p, out);
                }
            } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("tests.rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("src"), &mut files);
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // A module's tests, inline at its end, say nothing to anyone.
        let code = match text.find("#[cfg(test)]\nmod tests {") {
            Some(at) => &text[..at],
            None => &text,
        };
        // Comments (and doc examples) say nothing.
        let code: String = code
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for opener in ["msg!(", "Message::new("] {
            for (at, _) in code.match_indices(opener) {
                let rest = code[at + opener.len()..].trim_start();
                if let Some(lit) = rest.strip_prefix('"') {
                    if let Some(end) = lit.find('"') {
                        out.insert(lit[..end].to_string());
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_message_said_is_in_both_languages_and_every_message_in_the_catalogue_is_said() {
    let used = used_ids();
    assert!(
        used.len() > 20,
        "found only {} ids: the scan is broken",
        used.len()
    );
    for lang in Lang::ALL {
        let have: BTreeSet<String> = ids(lang).into_iter().collect();
        let missing: Vec<_> = used.difference(&have).collect();
        assert!(
            missing.is_empty(),
            "said but not in locales/{}: {missing:?}",
            lang.code()
        );
        let unused: Vec<_> = have.difference(&used).collect();
        assert!(
            unused.is_empty(),
            "in locales/{} but never said: {unused:?}",
            lang.code()
        );
    }
}
