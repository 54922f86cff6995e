//! The invoice register's CSV import on any bytes: the input is split at
//! its first NUL byte into `register.csv` and `register-lines.csv` (no NUL:
//! the register alone), written to a folder of this process, and read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("avgift-fuzz-register-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let (entries, lines) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    std::fs::write(dir.join("register.csv"), entries).unwrap();
    match lines {
        Some(l) => std::fs::write(dir.join("register-lines.csv"), l).unwrap(),
        None => {
            let _ = std::fs::remove_file(dir.join("register-lines.csv"));
        }
    }
    let _ = avgift::read::register::read_register(&avgift::context::Context::in_memory(Vec::new()), &dir);
});
