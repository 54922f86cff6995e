//! Where a run can be stopped on purpose, for the tests that stop it.

/// Stops the process at the N-th point where a run can be stopped
/// (`AVGIFT_TEST_FAIL_AT=N`), as a kill would (exit code 111, no
/// destructors: an open transaction and a temporary file stay behind): for
/// the tests that show that a run stopped anywhere leaves a folder the
/// next run completes. Only the tests set it.
pub fn fail_point() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static REACHED: AtomicUsize = AtomicUsize::new(0);
    let Some(at) = std::env::var("AVGIFT_TEST_FAIL_AT")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    else {
        return;
    };
    if REACHED.fetch_add(1, Ordering::SeqCst) + 1 == at {
        std::process::exit(111);
    }
}
