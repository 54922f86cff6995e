//! The register on small folders.

use std::path::PathBuf;

use super::chain::check_sorted;
use super::*;
use crate::diag::Diagnostics;
use crate::invoicing::document::Document;
use crate::invoicing::plan::tests::doc;

/// A register of `n` documents in a fresh folder.
fn register(name: &str, n: u64) -> (PathBuf, Store) {
    let dir = std::env::temp_dir().join(format!("avgift-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = Store::open(&dir, true).unwrap().unwrap();
    store
        .begin(&crate::context::Context::in_memory(Vec::new()))
        .unwrap();
    let docs: Vec<Document> = (1..=n)
        .map(|k| doc(&format!("{}", 1000 + k % 7), k, 100 + k as i64, 1, 1, "d"))
        .collect();
    store.insert(&docs).unwrap();
    store.commit().unwrap();
    (dir, store)
}

/// Checked in two halves at once, a register gives the problems that
/// one pass in number order gives, whatever was done to it.
#[test]
fn the_check_in_two_halves_finds_what_one_pass_finds() {
    let cases = [
        "",
        "UPDATE documents SET recipient = 'x' WHERE number = 3",
        "UPDATE documents SET amount_ore = 1 WHERE number = 15",
        "DELETE FROM documents WHERE number = 10",
        "DELETE FROM documents WHERE number = 11",
        "DELETE FROM documents WHERE number = 1",
        "DELETE FROM documents WHERE number = 20",
        "CREATE TEMP TABLE d AS SELECT * FROM documents WHERE number = 12;
         DELETE FROM documents WHERE number = 12; INSERT INTO documents SELECT * FROM d;",
        "INSERT INTO lines SELECT issuer, 21, position, activity, charge, basis, label, account,
             amount_ore FROM lines WHERE number = 5;
         INSERT INTO documents SELECT issuer, 21, kind, recipient_code, recipient, year, installment,
             installments, invoice_date, due_date, amount_ore, credits, inputs_sha256, ocr, view,
             lines_sha256, sha256, sha256, signature FROM documents WHERE number = 5",
    ];
    for (i, sql) in cases.iter().enumerate() {
        let (dir, mut store) = register(&format!("halves-{i}"), 20);
        store
            .connection()
            .execute_batch(&format!(
                "PRAGMA foreign_keys = OFF; DROP TRIGGER documents_are_never_changed;
                 DROP TRIGGER documents_are_never_deleted; {sql}"
            ))
            .unwrap();
        store.split_from = 1;
        store
            .begin(&crate::context::Context::in_memory(Vec::new()))
            .unwrap();
        assert!(store.halves().unwrap().is_some(), "{sql}: split");
        let messages = |d: Diagnostics| d.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
        let halves = messages(store.check().unwrap());
        let sorted = messages(check_sorted(&store.conn, &store.path, None).unwrap().problems);
        assert_eq!(halves, sorted, "{sql}");
        // Unchanged, the last document deleted (found by its file, not
        // by the chain), a row put back: nothing; else a problem.
        assert_eq!(halves.is_empty(), [0, 6, 7].contains(&i), "{sql}: {halves:?}");
        store.rollback();
        drop(store);
        let _ = std::fs::remove_dir_all(dir);
    }
}
