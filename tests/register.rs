//! The invoice register (`register.sqlite`): concurrent runs, runs stopped
//! at every step, tampering with the database or its files, corrections,
//! and the one-time import of the CSV register of the earlier format.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{avgift, final_example as example};

/// A fresh folder for a test's runs: in memory (`/dev/shm`) where there is
/// one, since these tests run the program hundreds of times and what they
/// check (locking, commit order, atomic renames) does not depend on the
/// disk's flushes; else under `target/`.
fn scratch(name: &str) -> std::path::PathBuf {
    let shm = Path::new("/dev/shm");
    if !shm.is_dir() {
        return crate::support::scratch(name);
    }
    let dir = shm.join(format!("avgift-test-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    MADE.with(|m| m.borrow_mut().push(dir.clone()));
    dir
}

thread_local! {
    /// The folders this test made in memory.
    static MADE: std::cell::RefCell<Vec<std::path::PathBuf>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Removes the folders a test made in memory when it passes (a failed
/// test's stay, to be looked at).
struct Cleanup;

impl Drop for Cleanup {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            for dir in MADE.with(|m| std::mem::take(&mut *m.borrow_mut())) {
                let _ = fs::remove_dir_all(dir);
            }
        }
    }
}

const DATE: &str = "2023-01-16";

fn invoice(dir: &Path, extra: &[&str]) -> crate::support::Run {
    avgift(["invoice"])
        .arg(example())
        .arg("-o")
        .arg(dir)
        .args(["--date", DATE])
        .args(extra)
        .run()
}

fn verify(dir: &Path) -> crate::support::Run {
    avgift(["verify"]).arg(dir).run()
}

/// One document as the register holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Doc {
    number: u64,
    kind: String,
    year: i32,
    recipient_code: String,
    credits: Option<u64>,
    sha256: String,
}

impl Doc {
    fn file(&self) -> String {
        let prefix = if self.kind == "credit" {
            "kreditfaktura"
        } else {
            "faktura"
        };
        format!(
            "{prefix}-{}-{:04}-{}.pdf",
            self.year, self.number, self.recipient_code
        )
    }
}

fn documents(dir: &Path) -> Vec<Doc> {
    let conn = rusqlite::Connection::open_with_flags(
        dir.join("register.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut stmt = conn
        .prepare("SELECT number, kind, year, recipient_code, credits, sha256 FROM documents ORDER BY number")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(Doc {
                number: r.get::<_, i64>(0)? as u64,
                kind: r.get(1)?,
                year: r.get(2)?,
                recipient_code: r.get(3)?,
                credits: r.get::<_, Option<i64>>(4)?.map(|c| c as u64),
                sha256: r.get(5)?,
            })
        })
        .unwrap();
    rows.map(Result::unwrap).collect()
}

fn names(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Numbers unique and gap-free from 1, every document with its file, no
/// temporary file, no journal left behind.
fn assert_consistent(dir: &Path, what: &str) -> Vec<Doc> {
    let docs = documents(dir);
    let numbers: Vec<u64> = docs.iter().map(|d| d.number).collect();
    assert_eq!(numbers, (1..=docs.len() as u64).collect::<Vec<_>>(), "{what}");
    let names = names(dir);
    for d in &docs {
        assert!(names.contains(&d.file()), "{what}: {} missing", d.file());
    }
    for n in &names {
        assert!(
            !n.contains(".tmp-") && !n.ends_with("-journal"),
            "{what}: {n} left"
        );
    }
    docs
}

fn spawn(dir: &Path, extra: &[String]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_avgift"))
        .arg("invoice")
        .arg(example())
        .arg("-o")
        .arg(dir)
        .args(["--date", DATE])
        .args(extra)
        .current_dir(crate::support::root())
        // Messages in English, whatever the machine's locale.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "en_GB.UTF-8")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// The invoice to Borås that no credit note cancels.
fn active_boras(docs: &[Doc]) -> Option<u64> {
    let credited: BTreeSet<u64> = docs.iter().filter_map(|d| d.credits).collect();
    docs.iter()
        .filter(|d| d.kind == "invoice" && d.recipient_code == "1490" && !credited.contains(&d.number))
        .map(|d| d.number)
        .next_back()
}

/// `processes` runs at once on one folder, `rounds` times: crediting Borås's
/// invoice and finalising Borås again (and with three, crediting it twice).
fn concurrent(name: &str, processes: usize, rounds: usize) {
    let dir = scratch(name);
    invoice(&dir, &["--final", "--only", "1383"]).ok();
    let (mut waited, mut refused) = (0, 0);
    for round in 0..rounds {
        let docs = documents(&dir);
        let target = match active_boras(&docs) {
            Some(n) => n,
            None => {
                invoice(&dir, &["--final", "--only", "1490"]).ok();
                active_boras(&documents(&dir)).unwrap()
            }
        };
        let credit = vec!["--credit".to_string(), target.to_string()];
        let again: Vec<String> = ["--final", "--only", "1490"].map(String::from).to_vec();
        let runs = [credit.clone(), again, credit];
        let children: Vec<_> = runs[..processes].iter().map(|a| spawn(&dir, a)).collect();
        for (args, child) in runs.iter().zip(children) {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            waited += usize::from(stderr.contains("waiting: another run is writing"));
            match out.status.code() {
                Some(0) => {}
                Some(2) => {
                    refused += 1;
                    assert!(
                        stderr.contains("already credited by") || stderr.contains("another run has held"),
                        "round {round}: {args:?} refused without saying why:\n{stderr}"
                    );
                }
                other => panic!("round {round}: {args:?} exited {other:?}:\n{stderr}"),
            }
        }
        let docs = assert_consistent(&dir, &format!("round {round}"));
        // The target is credited exactly once.
        assert_eq!(
            docs.iter().filter(|d| d.credits == Some(target)).count(),
            1,
            "round {round}"
        );
    }
    eprintln!("{name}: {rounds} rounds of {processes} runs: {waited} waited for the lock, {refused} refused");
    let out = verify(&dir);
    assert_eq!(out.code, Some(0), "{}{}", out.stdout, out.stderr);
}

#[test]
fn two_concurrent_runs_never_share_or_skip_a_number() {
    let _cleanup = Cleanup;
    concurrent("register-concurrent-2", 2, 30);
}

#[test]
fn three_concurrent_runs_never_share_or_skip_a_number() {
    let _cleanup = Cleanup;
    concurrent("register-concurrent-3", 3, 30);
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to).unwrap();
    for n in names(from) {
        fs::copy(from.join(&n), to.join(&n)).unwrap();
    }
}

/// Stops `args` at every point where a run can be stopped (N = 1, 2, …
/// until the run gets through), each time on a copy of `start`; then the
/// next run must leave the folder consistent, keep every number committed
/// before the stop, and verify.
fn stopped_at_every_step(name: &str, start: &Path, args: &[&str], next: &[&str]) -> usize {
    let base = scratch(name);
    for at in 1.. {
        let dir = base.join(format!("at-{at}"));
        copy_dir(start, &dir);
        let run = avgift(["invoice"])
            .arg(example())
            .arg("-o")
            .arg(&dir)
            .args(["--date", DATE])
            .args(args)
            .env("AVGIFT_TEST_FAIL_AT", at.to_string())
            .run();
        if run.code == Some(0) {
            assert!(at > 4, "{name}: fewer stopping points than expected");
            return at - 1;
        }
        assert_eq!(run.code, Some(111), "{name}: at {at}: {}", run.stderr);
        let committed = documents(&dir);
        invoice(&dir, next).ok();
        let after = assert_consistent(&dir, &format!("{name} after a stop at {at}"));
        // What was committed before the stop keeps its number and content.
        assert_eq!(&after[..committed.len()], &committed[..], "{name}: at {at}");
        let out = verify(&dir);
        assert_eq!(
            out.code,
            Some(0),
            "{name}: at {at}:\n{}{}",
            out.stdout,
            out.stderr
        );
        fs::remove_dir_all(&dir).unwrap();
    }
    unreachable!()
}

#[test]
fn a_run_stopped_at_any_step_is_completed_by_the_next() {
    let _cleanup = Cleanup;
    let start = scratch("register-stop-start");
    invoice(&start, &["--final", "--only", "1383"]).ok();
    let final_run = ["--final", "--only", "1490", "--only", "1443"];
    let steps = stopped_at_every_step("register-stop-final", &start, &final_run, &final_run);
    // Two documents: their PDFs and the year's four files, each stopped
    // before it is written and before it is renamed into place.
    assert!(steps >= 2 * 6, "{steps} stopping points");
    // A credit note committed before the stop cannot be issued again: the
    // next run is another one (the first run again, which changes nothing).
    let credit = stopped_at_every_step(
        "register-stop-credit",
        &start,
        &["--credit", "1"],
        &["--final", "--only", "1383"],
    );
    eprintln!("stopped at each of {steps} points of --final and {credit} of --credit");
}

/// Opens the register for editing, its guards removed, as a person with a
/// database tool could.
fn tamper(dir: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(dir.join("register.sqlite")).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF;
         DROP TRIGGER documents_are_never_changed; DROP TRIGGER documents_are_never_deleted;
         DROP TRIGGER lines_are_never_changed; DROP TRIGGER lines_are_never_deleted;
         {sql}"
    ))
    .unwrap();
}

/// A final folder of the example, and a pristine copy of it.
fn finalised(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let base = scratch(name);
    let pristine = base.join("pristine");
    invoice(&pristine, &["--final"]).ok();
    (base.join("folder"), pristine)
}

/// A refused run: exit 2 naming `what`, nothing written, nothing renumbered.
fn refused(dir: &Path, what: &[&str]) {
    let before: BTreeMap<String, Vec<u8>> = names(dir)
        .into_iter()
        .map(|n| (n.clone(), fs::read(dir.join(&n)).unwrap()))
        .collect();
    for args in [&["--final"][..], &["--credit", "3"]] {
        let run = invoice(dir, args);
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        for w in what {
            assert!(run.stderr.contains(w), "{args:?}: {w:?} not in\n{}", run.stderr);
        }
    }
    let after: BTreeMap<String, Vec<u8>> = names(dir)
        .into_iter()
        .map(|n| (n.clone(), fs::read(dir.join(&n)).unwrap()))
        .collect();
    assert_eq!(before, after, "a refused run writes nothing");
    let out = verify(dir);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    for w in what {
        assert!(out.stdout.contains(w), "verify: {w:?} not in\n{}", out.stdout);
    }
}

#[test]
fn tampering_with_the_register_is_detected_and_names_the_document() {
    let _cleanup = Cleanup;
    let (dir, pristine) = finalised("register-tamper");
    let cases: [(&str, &[&str]); 6] = [
        // A recipient code changed, as in the CSV register before.
        (
            "UPDATE documents SET recipient_code = '1443x' WHERE number = 3",
            &["document 3 (faktura-2023-0003-1443x.pdf) was edited or inserted by hand"],
        ),
        // An invoice turned into a credit note.
        (
            "UPDATE documents SET kind = 'credit', credits = 1 WHERE number = 5",
            &["document 5", "edited or inserted by hand"],
        ),
        // The first document deleted.
        (
            "DELETE FROM lines WHERE number = 1; DELETE FROM documents WHERE number = 1",
            &["the documents before 2 are missing from the register (deleted)"],
        ),
        // One in the middle deleted.
        (
            "DELETE FROM documents WHERE number = 4",
            &["document 4 is missing from the register (deleted)"],
        ),
        // The last one deleted: its file is still there.
        (
            "DELETE FROM documents WHERE number = 11",
            &["document 11 is not in the register"],
        ),
        // A document inserted at the end, copied from another.
        (
            "INSERT INTO lines SELECT issuer, 12, position, activity, charge, basis, label, account, amount_ore FROM lines WHERE number = 8;
             INSERT INTO documents SELECT issuer, 12, kind, recipient_code, recipient, year, installment, installments,
                 invoice_date, due_date, amount_ore, credits, inputs_sha256, ocr, view, lines_sha256, sha256, sha256, signature
                 FROM documents WHERE number = 8",
            &["document 12 (faktura-2023-0012-1490.pdf) was edited or inserted by hand"],
        ),
    ];
    for (sql, what) in cases {
        copy_dir(&pristine, &dir);
        tamper(&dir, sql);
        refused(&dir, what);
    }
    // A line's amount edited: every run rehashes the lines too, and
    // refuses, as verify does, naming it.
    copy_dir(&pristine, &dir);
    tamper(
        &dir,
        "UPDATE lines SET amount_ore = amount_ore + 100 WHERE number = 6 AND position = 0",
    );
    refused(
        &dir,
        &["document 6 (faktura-2023-0006-1465.pdf): its lines were edited"],
    );
    let out = verify(&dir);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .contains("document 6 (faktura-2023-0006-1465.pdf): its lines were edited"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_register_replaced_by_an_edited_or_older_copy_is_detected() {
    let _cleanup = Cleanup;
    let (dir, pristine) = finalised("register-replaced");
    // An edited copy put in place of the register.
    copy_dir(&pristine, &dir);
    let copy = dir.parent().unwrap().join("copy.sqlite");
    fs::copy(dir.join("register.sqlite"), &copy).unwrap();
    {
        let conn = rusqlite::Connection::open(&copy).unwrap();
        conn.execute_batch(
            "DROP TRIGGER documents_are_never_changed;
             UPDATE documents SET amount_ore = amount_ore - 100000 WHERE number = 9",
        )
        .unwrap();
    }
    fs::copy(&copy, dir.join("register.sqlite")).unwrap();
    refused(
        &dir,
        &["document 9 (faktura-2023-0009-1491.pdf) was edited or inserted by hand"],
    );

    // The copy from before a credit note put back: the credit note's file
    // names the document the register lost.
    copy_dir(&pristine, &dir);
    fs::copy(dir.join("register.sqlite"), &copy).unwrap();
    invoice(&dir, &["--credit", "8"]).ok();
    fs::copy(&copy, dir.join("register.sqlite")).unwrap();
    refused(
        &dir,
        &[
            "document 12 is not in the register",
            "kreditfaktura-2023-0012-1490.pdf",
        ],
    );
}

#[test]
fn a_deleted_register_with_the_documents_still_there_is_refused() {
    let _cleanup = Cleanup;
    let (dir, pristine) = finalised("register-deleted");
    copy_dir(&pristine, &dir);
    fs::remove_file(dir.join("register.sqlite")).unwrap();
    let before = names(&dir);
    let run = invoice(&dir, &["--final"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("the register is missing, but the folder holds final documents"),
        "{}",
        run.stderr
    );
    assert_eq!(names(&dir), before, "no new register, nothing renumbered");
    let out = verify(&dir);
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.contains("register missing"), "{}", out.stdout);
    // Drafts are refused there too.
    let drafts = invoice(&dir, &[]);
    assert_eq!(drafts.code, Some(2));
    assert!(
        drafts.stderr.contains("holds final invoices"),
        "{}",
        drafts.stderr
    );
}

#[test]
fn a_credit_and_a_new_invoice_keep_all_three_documents() {
    let _cleanup = Cleanup;
    let (dir, pristine) = finalised("register-corrections");
    copy_dir(&pristine, &dir);
    let original = fs::read(dir.join("faktura-2023-0008-1490.pdf")).unwrap();
    invoice(&dir, &["--credit", "8"]).ok();
    invoice(
        &dir,
        &["--final", "--only", "1490", "--set", "charges.dso.rate=7"],
    )
    .ok();
    assert_eq!(
        fs::read(dir.join("faktura-2023-0008-1490.pdf")).unwrap(),
        original,
        "the invoice that was sent is kept as it was"
    );
    for name in ["kreditfaktura-2023-0012-1490.pdf", "faktura-2023-0013-1490.pdf"] {
        lopdf::Document::load(dir.join(name)).unwrap();
    }
    let docs = assert_consistent(&dir, "corrections");
    assert_eq!(docs.len(), 13);
    assert_eq!(docs[11].credits, Some(8));
    let out = verify(&dir);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
}

#[test]
fn a_csv_register_of_the_earlier_format_is_imported_once() {
    let _cleanup = Cleanup;
    let (dir, pristine) = finalised("register-import");
    // Today's CSV register is what the earlier format kept as the truth.
    fs::create_dir_all(&dir).unwrap();
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::copy(pristine.join("register-2023.csv"), dir.join("register.csv")).unwrap();
    fs::copy(
        pristine.join("register-lines-2023.csv"),
        dir.join("register-lines.csv"),
    )
    .unwrap();
    let run = invoice(&dir, &["--final"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("imported 11 documents from register.csv and register-lines.csv into register.sqlite"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("11 final invoices (0 newly numbered, 11 unchanged)"),
        "{}",
        run.stderr
    );
    let imported = assert_consistent(&dir, "imported");
    let original = documents(&pristine);
    // The same documents and numbers; their digests are of documents
    // made by an earlier version (whose files keep their layout), so not
    // the digests of the register the CSV was taken from.
    let without_digests = |d: &[Doc]| -> Vec<Doc> {
        d.iter()
            .map(|d| Doc {
                sha256: String::new(),
                ..d.clone()
            })
            .collect()
    };
    assert_eq!(
        without_digests(&imported),
        without_digests(&original),
        "the same documents and numbers"
    );
    let out = verify(&dir);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    // The same PDFs, drawn alike: those of the earlier version are
    // deflated at the most, as that version made them, the pristine
    // folder's (documents of the current layout) at zlib's usual level.
    for n in names(&pristine).iter().filter(|n| n.ends_with(".pdf")) {
        let (imported, made) = (
            fs::read(dir.join(n)).unwrap(),
            fs::read(pristine.join(n)).unwrap(),
        );
        assert_ne!(imported, made, "{n}");
        assert_eq!(inflated_objects(&imported), inflated_objects(&made), "{n}");
    }
    // Once: the next run does not import again.
    let again = invoice(&dir, &["--final"]);
    assert_eq!(again.code, Some(0));
    assert!(!again.stderr.contains("imported"), "{}", again.stderr);

    // Checked as strictly as before: a row deleted by hand is refused.
    let gap = dir.parent().unwrap().join("gap");
    let _ = fs::remove_dir_all(&gap);
    fs::create_dir_all(&gap).unwrap();
    let register = fs::read_to_string(pristine.join("register-2023.csv")).unwrap();
    let without_4: String = register
        .lines()
        .filter(|l| !l.starts_with("4,"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(gap.join("register.csv"), without_4).unwrap();
    fs::copy(
        pristine.join("register-lines-2023.csv"),
        gap.join("register-lines.csv"),
    )
    .unwrap();
    let run = invoice(&gap, &["--final"]);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("jump from 3 to 5"), "{}", run.stderr);
    let left = fs::metadata(gap.join("register.sqlite")).map_or(0, |m| m.len());
    assert_eq!(left, 0, "nothing imported");
}

/// A year's files grow by the documents each run numbers; what they grow
/// to is what the whole year makes (`verify` renders every year file from
/// the register and compares). A year file changed by hand, of the same
/// length or another, or deleted, is written whole again by the next run.
#[test]
fn year_files_grown_run_by_run_equal_the_whole_year() {
    let _cleanup = Cleanup;
    let (dir, pristine) = finalised("register-year-files");
    copy_dir(&pristine, &dir);
    let ok = |what: &str| {
        let out = verify(&dir);
        assert_eq!(out.code, Some(0), "{what}: {}", out.stdout);
    };
    let year_files = [
        "fakturor-2023.csv",
        "fakturor-2023.si",
        "register-2023.csv",
        "register-lines-2023.csv",
    ];
    let grown = |before: &BTreeMap<&str, Vec<u8>>| {
        for name in year_files {
            let now = fs::read(dir.join(name)).unwrap();
            assert!(now.len() > before[name].len(), "{name} grew");
        }
    };
    let read_all = || -> BTreeMap<&str, Vec<u8>> {
        year_files
            .iter()
            .map(|n| (*n, fs::read(dir.join(n)).unwrap()))
            .collect()
    };
    let before = read_all();
    invoice(&dir, &["--credit", "8"]).ok();
    grown(&before);
    ok("after a credit note");
    let before = read_all();
    invoice(
        &dir,
        &["--final", "--only", "1490", "--set", "charges.dso.rate=7"],
    )
    .ok();
    grown(&before);
    ok("after a new invoice");

    // The same length, another byte: the next run refuses it, and with
    // --repair writes the year whole, keeping the edited copy.
    let sie = dir.join("fakturor-2023.si");
    let mut bytes = fs::read(&sie).unwrap();
    let at = bytes.len() - 3;
    bytes[at] = if bytes[at] == b'1' { b'2' } else { b'1' };
    fs::write(&sie, &bytes).unwrap();
    let refused = invoice(&dir, &["--credit", "3"]);
    assert_eq!(refused.code, Some(2), "{}", refused.stderr);
    assert!(
        refused.stderr.contains("fakturor-2023.si: differs"),
        "{}",
        refused.stderr
    );
    invoice(&dir, &["--credit", "3", "--repair"]).ok();
    assert_eq!(fs::read(dir.join("fakturor-2023.si.altered")).unwrap(), bytes);
    ok("after a credit note over an edited SIE file");

    // Longer than recorded, and one deleted: the edited one is refused;
    // repaired, both are written again by a run that numbers nothing.
    let csv = dir.join("register-lines-2023.csv");
    let mut bytes = fs::read(&csv).unwrap();
    bytes.extend_from_slice(b"junk\n");
    fs::write(&csv, &bytes).unwrap();
    fs::remove_file(dir.join("fakturor-2023.csv")).unwrap();
    let again = ["--final", "--only", "1490", "--set", "charges.dso.rate=7"];
    assert_eq!(invoice(&dir, &again).code, Some(2));
    invoice(&dir, &[&again[..], &["--repair"]].concat()).ok();
    ok("after a run that numbers nothing");
    assert_eq!(documents(&dir).len(), 14);
}

/// The check reads the documents in the order they were stored, and in
/// number order when that is not it: a document taken out and put back
/// unchanged (stored last) is no tampering.
#[test]
fn documents_stored_out_of_number_order_are_checked_in_number_order() {
    let _cleanup = Cleanup;
    let (dir, pristine) = finalised("register-order");
    copy_dir(&pristine, &dir);
    tamper(
        &dir,
        "CREATE TEMP TABLE d AS SELECT * FROM documents WHERE number = 4;
         DELETE FROM documents WHERE number = 4;
         INSERT INTO documents SELECT * FROM d;",
    );
    let conn = rusqlite::Connection::open(dir.join("register.sqlite")).unwrap();
    let last: i64 = conn
        .query_row(
            "SELECT number FROM documents ORDER BY rowid DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(last, 4, "document 4 is stored last");
    drop(conn);
    let out = verify(&dir);
    assert_eq!(out.code, Some(0), "{}", out.stdout);
    invoice(&dir, &["--credit", "4"]).ok();
    assert_consistent(&dir, "after a credit note");
}

/// A PDF's objects, each stream inflated: what a reader draws, whatever
/// the compression.
fn inflated_objects(pdf: &[u8]) -> Vec<(lopdf::ObjectId, Vec<u8>)> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .iter()
        .map(|(id, o)| match o.as_stream() {
            Ok(s) => (*id, s.decompressed_content().unwrap()),
            Err(_) => (*id, format!("{o:?}").into_bytes()),
        })
        .collect()
}
