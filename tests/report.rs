//! `report`: the HTML page is self-contained, complete, escaped and
//! deterministic; and, where a Chromium is installed, it renders in headless
//! Chromium without console messages.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{avgift, example, root, scratch};

/// Writes the example's report into a fresh folder and returns its path.
fn example_report(name: &str) -> PathBuf {
    let out = scratch(name).join("rapport.html");
    let run = avgift(["report"]).arg(example()).arg("-o").arg(&out).run();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, format!("wrote {}\n", out.display()));
    out
}

/// What the page must show: names, sums, note headings, figures.
const EXPECTED: &[&str] = &[
    "Boråsregionen Sjuhärads kommunalförbund",
    "Medlemsavgifter 2023",
    "Bollebygd",
    "Borås",
    "Herrljunga",
    "Mark",
    "Svenljunga",
    "Tranemo",
    "Ulricehamn",
    "Varberg",
    "Vårgårda",
    "HSNK",
    "SÄS och Närhälsan",
    "Summa",
    "Förändring från 2022",
    "Noter 3–12",
    "Not 3",
    "Förbundsbidrag Förbundskansli",
    "Not 8",
    "Medlemsavgifter Dataskyddsombud (DSO)",
    "Not 12",
    "Medlemsavgifter Närvårdssamverkan Södra Älvsborg (NVS)",
    "Fakturerat HSNK",
    "Överskott 2023",
    "Underlag",
    "avgift 0.1.0",
];

#[test]
fn report_is_self_contained_and_complete() {
    let html = fs::read_to_string(example_report("report-contents")).unwrap();
    let lower = html.to_lowercase();
    for outside in [
        "http://",
        "https://",
        "src=",
        "url(",
        "@import",
        "<link",
        "<script",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "@font-face",
        "//",
    ] {
        // `//` would be a protocol-relative reference.
        let hits: Vec<&str> = lower.lines().filter(|l| l.contains(outside)).collect();
        assert!(hits.is_empty(), "the report refers to {outside:?}: {hits:?}");
    }
    for text in EXPECTED {
        assert!(html.contains(text), "the report lacks {text:?}");
    }
    // Swedish numbers: Borås's 2023 total in kronor, the DSO note's Summa in
    // tkr (this year and last), the association's change in per cent.
    for figure in [
        "20 258 212",
        "<td class=\"num\">2 229</td><td class=\"num\">2 508</td>",
        "+6,8 %",
    ] {
        assert!(html.contains(figure), "the report lacks {figure:?}");
    }
    // Two charts, drawn inline, with a legend and Swedish ticks.
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(html.contains(">20 000</text>") && html.contains(">+400</text>"));
    // The inputs with their digests.
    let tariff = fs::read(example()).unwrap();
    assert!(html.contains(&avgift::digest::sha256_hex(&tariff)));
    assert!(html.contains("data/sjuharad/actuals/2022.csv"));
    // Print layout.
    assert!(html.contains("size: A4") && html.contains("break-before: page"));
}

#[test]
fn report_is_byte_identical_across_runs() {
    let a = fs::read(example_report("report-det-a")).unwrap();
    let b = fs::read(example_report("report-det-b")).unwrap();
    assert!(a == b, "two runs of the same inputs differ");
}

#[test]
fn report_escapes_text_from_input_files() {
    let dir = scratch("report-escape");
    let case = root().join("tests/cases/calc-small-table");
    let tariff = fs::read_to_string(case.join("t.toml"))
        .unwrap()
        .replace("Medlemsavgifter Dataskyddsombud (DSO)", "DSO <i>&</i> co");
    fs::write(dir.join("t.toml"), tariff).unwrap();
    fs::write(
        dir.join("pop.csv"),
        "code,name,population\n1490,Borås <script>x</script>,114091\n1463,Mark & Co,35201\n1465,\"Sven\"\"ljunga\",10864\n",
    )
    .unwrap();
    let html = avgift(["report", "t.toml", "--set", "name=<b>Förbund</b> & 'Co'"])
        .current_dir(&dir)
        .run()
        .ok();
    for raw in ["<script>", "<b>", "<i>", "& Co", "'Co'", "Sven\"ljunga"] {
        assert!(!html.contains(raw), "unescaped {raw:?} in the report");
    }
    for escaped in [
        "Borås &lt;script&gt;x&lt;/script&gt;",
        "Mark &amp; Co",
        "Sven&quot;ljunga",
        "DSO &lt;i&gt;&amp;&lt;/i&gt; co",
        "&lt;b&gt;Förbund&lt;/b&gt; &amp; &#39;Co&#39;",
    ] {
        assert!(html.contains(escaped), "the report lacks {escaped:?}");
    }
}

#[test]
fn report_without_previous_actuals_shows_this_year_only() {
    let html = avgift(["report", "t.toml"])
        .current_dir(root().join("tests/cases/calc-small-table"))
        .run()
        .ok();
    assert!(html.contains("Medlemsavgifter 2024") && html.contains("Svenljunga"));
    assert!(!html.contains("Förändring"), "no comparison without last year");
    assert_eq!(html.matches("<svg").count(), 1);
}

/// The environment variable that makes a missing Chromium a failure:
/// `.ci/run` sets it where it found or installed one.
const REQUIRE_CHROMIUM: &str = "AVGIFT_REQUIRE_CHROMIUM";

/// The Chromium a rendering test (`what`) runs, or `None` after saying
/// loudly on standard error that the test is skipped: libtest has no
/// "skipped" result, so the test's name says it may skip and this line says
/// it did. With [`REQUIRE_CHROMIUM`] set, a missing Chromium fails the test.
pub(crate) fn chromium_or_skip(what: &str) -> Option<PathBuf> {
    if let Some(found) = chromium() {
        return Some(found);
    }
    let missing =
        "no chromium found (chromium, chromium-browser or google-chrome on PATH, or /usr/bin/chromium)";
    assert!(
        std::env::var_os(REQUIRE_CHROMIUM).is_none(),
        "{what}: {missing}, and {REQUIRE_CHROMIUM} is set"
    );
    eprintln!("SKIPPED: {what}: {missing}; the test passes without checking anything");
    None
}

/// A Chromium on PATH (or at /usr/bin/chromium).
pub(crate) fn chromium() -> Option<PathBuf> {
    let names = ["chromium", "chromium-browser", "google-chrome"];
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .flat_map(|dir| names.map(|n| dir.join(n)))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| Some(PathBuf::from("/usr/bin/chromium")).filter(|p| p.is_file()))
}

/// A `file://` URL for an absolute path.
pub(crate) fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Runs headless Chromium on `url` with a fresh profile; returns standard
/// output and standard error (kept in files: Chromium's helpers may hold
/// pipes open after it exits).
pub(crate) fn headless(
    chromium: &Path,
    dir: &Path,
    name: &str,
    args: &[String],
    url: &str,
) -> (String, String) {
    let profile = dir.join(format!("profile-{name}"));
    fs::create_dir_all(&profile).unwrap();
    let (out, err) = (
        dir.join(format!("{name}.stdout")),
        dir.join(format!("{name}.stderr")),
    );
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out).unwrap())
        .stderr(fs::File::create(&err).unwrap())
        .spawn()
        .expect("starting chromium");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium ({name}) did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (
        fs::read_to_string(&out).unwrap(),
        fs::read_to_string(&err).unwrap(),
    );
    assert!(status.success(), "chromium ({name}) failed: {status}\n{stderr}");
    (stdout, stderr)
}

/// Decodes a PNG to (width, height, RGB pixels).
pub(crate) fn decode_png(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let file = std::io::BufReader::new(fs::File::open(path).expect("the screenshot exists"));
    let mut decoder = png::Decoder::new(file);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("a frame size")];
    let info = reader.next_frame(&mut buf).expect("a frame");
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(info.line_size)
        .flat_map(|line| line[..info.width as usize * channels].chunks_exact(channels))
        .map(|p| match channels {
            1 | 2 => [p[0]; 3],
            _ => [p[0], p[1], p[2]],
        })
        .collect();
    (info.width, info.height, pixels)
}

#[test]
fn report_renders_in_headless_chromium_or_says_skipped() {
    let Some(chromium) = chromium_or_skip("report screenshot test") else {
        return;
    };
    let report = example_report("report-chromium");
    let dir = report.parent().unwrap().to_path_buf();
    let url = file_url(&report);

    // The screenshot: what a reader sees first (heading, table, stacked chart).
    let png = dir.join("rapport.png");
    let (_, stderr) = headless(
        &chromium,
        &dir,
        "screenshot",
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1240,1754".to_string(),
            "--enable-logging=stderr".to_string(),
            "--v=0".to_string(),
        ],
        &url,
    );
    // The page has no scripts: any console message is a problem.
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages while rendering: {console:#?}"
    );

    let (width, height, pixels) = decode_png(&png);
    assert_eq!((width, height), (1240, 1754));
    let inked = pixels.iter().filter(|p| p.iter().any(|&c| c < 235)).count();
    // Saturated pixels: the charts' bars. The example's first screen has
    // about 40 000; without its charts about 6 500 (headings, rules).
    let coloured = pixels
        .iter()
        .filter(|p| p.iter().max().unwrap() - p.iter().min().unwrap() > 80)
        .count();
    assert!(
        inked * 50 > pixels.len(),
        "the screenshot is nearly blank: {inked} of {} pixels not white",
        pixels.len()
    );
    assert!(
        coloured > 20_000,
        "the charts did not render: {coloured} coloured pixels"
    );

    // The DOM as Chromium parsed it: the texts and the inline charts are there.
    let (dom, _) = headless(&chromium, &dir, "dom", &["--dump-dom".to_string()], &url);
    for text in EXPECTED {
        assert!(dom.contains(text), "the rendered DOM lacks {text:?}");
    }
    assert_eq!(
        dom.matches("<svg").count(),
        2,
        "the rendered DOM lacks the charts"
    );
}
