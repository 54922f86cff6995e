//! The ledger's integrity: a signed register that a forger without the
//! private key cannot pass off (and an unsigned one held to a head kept
//! elsewhere), every derived file and every line checked by each run and
//! repaired on request, runs killed at random moments finished by the same
//! command again, and installments credited and issued again.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use avgift::invoicing::document::{chained_sha256, lines_sha256, DocumentRow, LineRow, GENESIS};

use crate::support::{avgift, final_example, root, scratch};

const DATE: &str = "2023-01-16";

fn run(tariff: &Path, dir: &Path, extra: &[&str]) -> crate::support::Run {
    avgift(["invoice"])
        .arg(tariff)
        .arg("-o")
        .arg(dir)
        .args(["--date", DATE])
        .args(extra)
        .run()
}

fn verify(dir: &Path, extra: &[&str]) -> crate::support::Run {
    avgift(["verify"]).arg(dir).args(extra).run()
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    names(dir)
        .into_iter()
        .map(|n| (n.clone(), fs::read(dir.join(&n)).unwrap()))
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = fs::remove_dir_all(to);
    fs::create_dir_all(to).unwrap();
    for n in names(from) {
        fs::copy(from.join(&n), to.join(&n)).unwrap();
    }
}

/// The e-invoicing fixture copied into `dir`, its tariff edited by `edit`.
fn fixture_in(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let from = root().join("tests/fixtures/einvoice");
    for f in ["folkmangd.csv", "mottagare.csv"] {
        fs::copy(from.join(f), dir.join(f)).unwrap();
    }
    let tariff = edit(fs::read_to_string(from.join("2023.toml")).unwrap());
    fs::write(dir.join("2023.toml"), tariff).unwrap();
    dir.join("2023.toml")
}

/// A key pair made by `avgift keygen` in `dir`: (key file, public key).
fn keygen(dir: &Path) -> (PathBuf, String) {
    let key = dir.join("signering.pem");
    let out = avgift(["keygen", "-o"]).arg(&key).run();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let public = out.stdout.trim().to_string();
    assert_eq!(public.len(), 64, "{public}");
    (key, public)
}

/// A document's columns as the register holds them, in the order the
/// chained digest takes them.
type DocumentColumns = (
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    String,
    String,
    i64,
    Option<i64>,
    String,
    String,
    String,
);

/// Forges document `number` as someone with a database tool and this
/// program's source could: the guards dropped, the amount of its first
/// line and its total lowered by `ore`, its lines' digest and every
/// chained digest from it on recomputed, the guards put back.
fn forge(db: &Path, number: i64, ore: i64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         DROP TRIGGER documents_are_never_changed; DROP TRIGGER lines_are_never_changed;",
    )
    .unwrap();
    conn.execute(
        "UPDATE lines SET amount_ore = amount_ore - ?1 WHERE number = ?2 AND position = 0",
        [ore, number],
    )
    .unwrap();
    conn.execute(
        "UPDATE documents SET amount_ore = amount_ore - ?1 WHERE number = ?2",
        [ore, number],
    )
    .unwrap();
    let mut prev: String = conn
        .query_row(
            "SELECT sha256 FROM documents WHERE number = ?1",
            [number - 1],
            |r| r.get(0),
        )
        .unwrap_or_else(|_| GENESIS.to_string());
    let last: i64 = conn
        .query_row("SELECT MAX(number) FROM documents", [], |r| r.get(0))
        .unwrap();
    for n in number..=last {
        let mut stmt = conn
            .prepare("SELECT activity, charge, basis, label, account, amount_ore FROM lines WHERE number = ?1 ORDER BY position")
            .unwrap();
        let lines: Vec<(String, String, String, String, String, i64)> = stmt
            .query_map([n], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let lines_sha = lines_sha256(lines.iter().map(|l| LineRow {
            activity: &l.0,
            charge: &l.1,
            basis: &l.2,
            label: &l.3,
            account: &l.4,
            amount_ore: l.5,
        }));
        let row: DocumentColumns = conn
            .query_row(
                "SELECT issuer, kind, recipient_code, recipient, year, installment, installments, invoice_date, \
                 due_date, amount_ore, credits, inputs_sha256, ocr, view FROM documents WHERE number = ?1",
                [n],
                |r| {
                    Ok((
                        r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?,
                        r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?, r.get(12)?, r.get(13)?,
                    ))
                },
            )
            .unwrap();
        let sha = chained_sha256(
            prev.as_bytes(),
            &DocumentRow {
                issuer: row.0.as_bytes(),
                number: n as u64,
                kind: row.1.as_bytes(),
                recipient_code: row.2.as_bytes(),
                recipient: row.3.as_bytes(),
                year: row.4,
                installment: row.5,
                installments: row.6,
                invoice_date: row.7.as_bytes(),
                due_date: row.8.as_bytes(),
                amount_ore: row.9,
                credits: row.10.map(|c| c as u64),
                inputs_sha256: row.11.as_bytes(),
                ocr: row.12.as_bytes(),
                view: row.13.as_bytes(),
                lines_sha256: lines_sha.as_bytes(),
            },
        );
        conn.execute(
            "UPDATE documents SET lines_sha256 = ?1, prev_sha256 = ?2, sha256 = ?3 WHERE number = ?4",
            rusqlite::params![lines_sha, prev, sha, n],
        )
        .unwrap();
        prev = sha;
    }
    // The guards back, as the register had them.
    conn.execute_batch(
        "CREATE TRIGGER documents_are_never_changed BEFORE UPDATE OF
             issuer, number, kind, recipient_code, recipient, year, installment, installments, invoice_date,
             due_date, amount_ore, credits, inputs_sha256, ocr, view, lines_sha256, prev_sha256, sha256 ON documents
         BEGIN SELECT RAISE(ABORT, 'registered documents are never changed'); END;
         CREATE TRIGGER lines_are_never_changed BEFORE UPDATE ON lines
         BEGIN SELECT RAISE(ABORT, 'registered lines are never changed'); END;",
    )
    .unwrap();
}

/// The head a run printed: the SHA-256 after `register head: `.
fn head_of(stderr: &str) -> String {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("register head: "))
        .unwrap_or_else(|| panic!("no head in\n{stderr}"));
    line["register head: ".len()..][..64].to_string()
}

#[test]
fn a_forged_signed_register_is_refused_by_every_run_and_by_verify() {
    let base = scratch("ledger-forged-signed");
    let (key, public) = keygen(&base);
    let tariff = fixture_in(&base.join("in"), |t| {
        t.replace(
            "issuer.bankgiro = \"5050-1055\"\n",
            &format!("issuer.bankgiro = \"5050-1055\"\nissuer.public_key = \"{public}\"\n"),
        )
    });
    let dir = base.join("out");
    let signed = ["--signing-key", key.to_str().unwrap()];
    // Without the private key nothing is committed; with it, every
    // document is signed, and the key is checked against the tariff's.
    let unsigned = run(&tariff, &dir, &["--final"]);
    assert_eq!(unsigned.code, Some(2), "{}", unsigned.stderr);
    assert!(
        unsigned.stderr.contains("committing needs the private key"),
        "{}",
        unsigned.stderr
    );
    let out = run(&tariff, &dir, &[&["--final"][..], &signed].concat());
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let other = keygen(&base.join("other")).0;
    let mismatch = run(
        &tariff,
        &dir,
        &["--final", "--signing-key", other.to_str().unwrap()],
    );
    assert_eq!(mismatch.code, Some(2));
    assert!(
        mismatch.stderr.contains("but the tariff names"),
        "{}",
        mismatch.stderr
    );
    // A public key alone reads and verifies: a run that commits nothing.
    assert_eq!(run(&tariff, &dir, &["--final"]).code, Some(0));
    assert_eq!(verify(&dir, &["--public-key", &public]).code, Some(0));

    // Invoice 2 lowered by 1 000 kr, the chain recomputed.
    forge(&dir.join("register.sqlite"), 2, 100_000);
    let named = "document 2 (faktura-2023-0002-1465.pdf) is forged";
    let before = snapshot(&dir);
    for args in [
        &["--final"][..],
        &["--final", "--only", "1490"],
        &["--credit", "2"],
        &["--credit", "3"],
        &["--final", "--correct", "2", "--set", "charges.dso.rate=7"],
        &["--final", "--repair"],
    ] {
        for with_key in [false, true] {
            let mut all = args.to_vec();
            if with_key {
                all.extend(signed);
            }
            let out = run(&tariff, &dir, &all);
            assert_eq!(out.code, Some(2), "{all:?}: {}", out.stderr);
            assert!(out.stderr.contains(named), "{all:?}: {}", out.stderr);
        }
    }
    assert_eq!(before, snapshot(&dir), "a refused run writes nothing");
    for extra in [&[][..], &["--public-key", &public]] {
        let out = verify(&dir, extra);
        assert_eq!(out.code, Some(1), "{}", out.stdout);
        assert!(out.stdout.contains(named), "{}", out.stdout);
    }
}

#[test]
fn a_forged_unsigned_register_is_caught_by_a_head_kept_elsewhere() {
    let base = scratch("ledger-forged-unsigned");
    let tariff = fixture_in(&base.join("in"), |t| t);
    let dir = base.join("out");
    let first = run(&tariff, &dir, &["--final"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let head = head_of(&first.stderr);
    // The head is also the year CSV's last row and in the SIE file's comment.
    let csv = fs::read_to_string(dir.join("fakturor-2023.csv")).unwrap();
    assert_eq!(
        csv.lines().last().unwrap(),
        format!(",register-head,,,,,,,,{head},,")
    );
    let sie = String::from_utf8_lossy(&fs::read(dir.join("fakturor-2023.si")).unwrap()).into_owned();
    assert!(
        sie.contains(&format!("fakturaregistrets huvud SHA-256 {head}")),
        "{sie}"
    );
    assert_eq!(verify(&dir, &["--head", &head]).code, Some(0));

    // Forged, and the forged documents' files made again from the
    // register by a run of the program itself.
    forge(&dir.join("register.sqlite"), 2, 100_000);
    for n in names(&dir) {
        if n.ends_with(".csv")
            || n.ends_with(".si")
            || n.contains("-0002-")
            || n.contains("-0003-")
            || n.contains("-0004-")
        {
            fs::remove_file(dir.join(n)).unwrap();
        }
    }
    let rerun = run(&tariff, &dir, &["--final", "--set", "charges.kansli.rate=12.5"]);
    assert_eq!(rerun.code, Some(0), "{}", rerun.stderr);
    // Without a signature, the register holds together: verify passes …
    let plain = verify(&dir, &[]);
    assert_eq!(plain.code, Some(0), "{}", plain.stdout);
    // … but a head seen before the forgery is no longer in its chain.
    let out = verify(&dir, &["--head", &head]);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    assert!(
        out.stdout
            .contains(&format!("head {head} is not in the register's chain")),
        "{}",
        out.stdout
    );
    // A head from before the forged document still is.
    let conn = rusqlite::Connection::open(dir.join("register.sqlite")).unwrap();
    let one: String = conn
        .query_row("SELECT sha256 FROM documents WHERE number = 1", [], |r| r.get(0))
        .unwrap();
    let ok = verify(&dir, &["--head", &one]);
    assert_eq!(ok.code, Some(0), "{}", ok.stdout);
    assert!(
        ok.stdout
            .contains(&format!("head {one} is document 1 of the chain")),
        "{}",
        ok.stdout
    );
}

/// Edits one file of a final folder: (name, edit).
type Edit = (&'static str, fn(Vec<u8>) -> Vec<u8>);

fn replace(bytes: Vec<u8>, from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(text.contains(from), "{from:?} not in the file");
    text.replacen(from, to, 1).into_bytes()
}

#[test]
fn every_derived_file_and_a_line_edited_are_refused_and_repaired() {
    let base = scratch("ledger-repair");
    let tariff = fixture_in(&base.join("in"), |t| t);
    let pristine = base.join("pristine");
    run(&tariff, &pristine, &["--final"]).ok();
    let edits: [Edit; 5] = [
        ("faktura-2023-0003-1490.pdf", |mut b| {
            b.push(b'\n');
            b
        }),
        ("faktura-2023-0003-1490.xml", |b| {
            replace(b, "<cbc:BuyerReference>EXA123<", "<cbc:BuyerReference>EXA124<")
        }),
        ("fakturor-2023.csv", |b| {
            replace(b, ",1426138.00,", ",1426137.00,")
        }),
        ("fakturor-2023.si", |b| {
            let text = String::from_utf8_lossy(&b).into_owned();
            text.replacen("#TRANS 3011", "#TRANS 3099", 1).into_bytes()
        }),
        ("register-2023.csv", |b| replace(b, ",Borås,", ",Boras,")),
    ];
    let dir = base.join("folder");
    for (name, edit) in edits {
        copy_dir(&pristine, &dir);
        let edited = edit(fs::read(dir.join(name)).unwrap());
        fs::write(dir.join(name), &edited).unwrap();
        let before = snapshot(&dir);
        for args in [
            &["--final"][..],
            &["--credit", "3"],
            &["--final", "--only", "1490"],
        ] {
            let out = run(&tariff, &dir, args);
            assert_eq!(out.code, Some(2), "{name} {args:?}: {}", out.stderr);
            assert!(
                out.stderr
                    .contains(&format!("{name}: differs from what the register committed")),
                "{name}: {}",
                out.stderr
            );
        }
        assert_eq!(before, snapshot(&dir), "{name}: refused, nothing written");
        let out = run(&tariff, &dir, &["--final", "--repair"]);
        assert_eq!(out.code, Some(0), "{name}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!(
                "the altered copy is {}",
                dir.join(format!("{name}.altered")).display()
            )),
            "{}",
            out.stderr
        );
        assert_eq!(
            fs::read(dir.join(name)).unwrap(),
            fs::read(pristine.join(name)).unwrap(),
            "{name} repaired"
        );
        assert_eq!(
            fs::read(dir.join(format!("{name}.altered"))).unwrap(),
            edited,
            "{name}: the altered copy kept"
        );
        let v = verify(&dir, &[]);
        assert_eq!(v.code, Some(0), "{name}: {}", v.stdout);
    }

    // A line's label edited in the database (its guard dropped).
    copy_dir(&pristine, &dir);
    let conn = rusqlite::Connection::open(dir.join("register.sqlite")).unwrap();
    conn.execute_batch(
        "DROP TRIGGER lines_are_never_changed;
         UPDATE lines SET label = 'Något annat' WHERE number = 3 AND position = 1",
    )
    .unwrap();
    drop(conn);
    let out = run(&tariff, &dir, &["--final"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("document 3 (faktura-2023-0003-1490.pdf): its lines were edited"),
        "{}",
        out.stderr
    );
    let out = run(&tariff, &dir, &["--final", "--repair"]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        out.stderr.contains("restored the lines of document 3"),
        "{}",
        out.stderr
    );
    assert!(dir.join("register.sqlite.altered").is_file());
    let label: String = rusqlite::Connection::open(dir.join("register.sqlite"))
        .unwrap()
        .query_row(
            "SELECT label FROM lines WHERE number = 3 AND position = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(label, "Medlemsavgifter Dataskyddsombud (DSO)");
    let kept: String = rusqlite::Connection::open(dir.join("register.sqlite.altered"))
        .unwrap()
        .query_row(
            "SELECT label FROM lines WHERE number = 3 AND position = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, "Något annat");
    let v = verify(&dir, &[]);
    assert_eq!(v.code, Some(0), "{}", v.stdout);
}

/// A pseudo-random sequence (xorshift), the same every run.
struct Draws(u64);

impl Draws {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }
}

/// `rounds` times: `args` on a copy of `start`, killed (SIGKILL) after a
/// drawn moment within its usual duration; then the same command again,
/// which must exit 0; then `verify` passes and no temporary file remains.
fn killed_and_run_again(name: &str, tariff: &Path, start: &Path, args: &[&str], rounds: usize) {
    let base = scratch(name);
    let spawn = |dir: &Path| {
        Command::new(env!("CARGO_BIN_EXE_avgift"))
            .arg("invoice")
            .arg(tariff)
            .arg("-o")
            .arg(dir)
            .args(["--date", DATE])
            .args(args)
            .current_dir(root())
            .env("LANG", "en_GB.UTF-8")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // How long the run takes when it is not stopped.
    let timing = base.join("timing");
    copy_dir(start, &timing);
    let t = std::time::Instant::now();
    assert!(spawn(&timing).wait().unwrap().success());
    let usual = t.elapsed().as_micros() as u64;
    let mut draws = Draws(0x9e37_79b9_7f4a_7c15);
    let mut killed = 0;
    for round in 0..rounds {
        let dir = base.join(format!("round-{round}"));
        copy_dir(start, &dir);
        let mut child = spawn(&dir);
        // Within the first three quarters of a run, where it writes.
        std::thread::sleep(std::time::Duration::from_micros(draws.next(usual * 3 / 4)));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed += 1;
        }
        child.wait().unwrap();
        let again = run(tariff, &dir, args);
        assert_eq!(again.code, Some(0), "{name} round {round}: {}", again.stderr);
        let v = verify(&dir, &[]);
        assert_eq!(v.code, Some(0), "{name} round {round}:\n{}", v.stdout);
        let left: Vec<String> = names(&dir)
            .into_iter()
            .filter(|n| n.contains(".tmp-") || n.ends_with("-journal"))
            .collect();
        assert!(left.is_empty(), "{name} round {round}: {left:?} left");
        fs::remove_dir_all(&dir).unwrap();
    }
    eprintln!("{name}: {rounds} rounds, {killed} killed while running (usual run {usual} µs)");
    assert!(
        killed * 2 >= rounds,
        "{name}: only {killed} of {rounds} rounds were killed while running"
    );
}

#[test]
fn a_credit_killed_at_any_moment_is_finished_by_the_same_command_again() {
    let base = scratch("ledger-kill-credit-start");
    let tariff = final_example();
    run(&tariff, &base, &["--final"]).ok();
    killed_and_run_again("ledger-kill-credit", &tariff, &base, &["--credit", "5"], 30);
}

#[test]
fn a_final_run_in_12_installments_killed_at_any_moment_is_finished_by_the_same_command_again() {
    let base = scratch("ledger-kill-final-start");
    let tariff = fixture_in(&base.join("in"), |t| t);
    let start = base.join("start");
    fs::create_dir_all(&start).unwrap();
    killed_and_run_again(
        "ledger-kill-final",
        &tariff,
        &start,
        &["--final", "--installments", "12"],
        30,
    );
}

/// Each installment of 2 and of 12, credited, is issued again by the next
/// final run, alone or with the batch; the others are unchanged.
#[test]
fn each_credited_installment_is_issued_again() {
    let base = scratch("ledger-installments");
    let tariff = fixture_in(&base.join("in"), |t| t);
    for n in [2u32, 12] {
        let dir = base.join(format!("in-{n}"));
        let installments = n.to_string();
        let split = ["--installments", installments.as_str()];
        run(&tariff, &dir, &[&["--final"][..], &split].concat()).ok();
        // Mark's installments are numbered 1..=n (its code comes first).
        let mut next = 4 * u64::from(n) + 1;
        for k in 1..=u64::from(n) {
            let credit = k.to_string();
            run(&tariff, &dir, &["--credit", &credit]).ok();
            next += 1;
            // Alone (--only) for odd installments, with the batch for even.
            let mut args = vec!["--final"];
            args.extend(split);
            if k % 2 == 1 {
                args.extend(["--only", "1463"]);
            }
            let out = run(&tariff, &dir, &args);
            assert_eq!(out.code, Some(0), "{n}/{k}: {}", out.stderr);
            let unchanged = if k % 2 == 1 { n - 1 } else { 4 * n - 1 };
            assert!(
                out.stderr
                    .contains(&format!("(1 newly numbered, {unchanged} unchanged)")),
                "{n}/{k}: {}",
                out.stderr
            );
            let file = dir.join(format!("faktura-2023-{next:04}-1463.pdf"));
            assert!(file.is_file(), "{n}/{k}: {} missing", file.display());
            next += 1;
        }
        let v = verify(&dir, &[]);
        assert_eq!(v.code, Some(0), "{n}: {}", v.stdout);
    }
}
