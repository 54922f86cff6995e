//! What `avgift verify DIR` checks of the receivables, beside the
//! documents (`invoicing::verify`, which also holds each year's SIE file,
//! payments' vouchers included, to the register): the receivables' chain
//! of events, every event's payments, allocations and reminders against
//! its digest, and every reminder's PDF against what the register gives.

use std::path::Path;

use crate::context::Context;
use crate::diag::Failure;
use crate::invoicing::store::Store;
use crate::msg;
use crate::msg::Message;

/// (ok, line) per file checked and per problem found.
pub fn check(ctx: &Context, dir: &Path) -> Vec<(bool, Message)> {
    let Ok(Some(mut store)) = Store::open(dir, false) else {
        // The documents' check says what is wrong with the register.
        return Vec::new();
    };
    if store.begin(ctx).is_err() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let result = (|| -> Result<(), Failure> {
        let ledger = match store.ledger() {
            Ok(l) => l,
            Err(Failure::Input(problems)) => {
                for d in problems.iter() {
                    lines.push((
                        false,
                        msg!("folder-register-problem", problem = d.message.clone()),
                    ));
                }
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        if !ledger.events.is_empty() {
            lines.push((
                true,
                msg!(
                    "receivables-verify-ok",
                    events = msg::count(ledger.events.len()),
                    payments = msg::count(ledger.payments.len())
                ),
            ));
        }
        for (name, want) in super::files::files(&store, None)? {
            let path = dir.join(&name);
            let line =
                match crate::context::input::read_input(ctx, &path, crate::context::input::Input::Output) {
                    Ok(have) if have == want => (true, msg!("folder-ok", file = &path)),
                    Ok(_) => (false, msg!("receivables-verify-reminder-edited", file = &path)),
                    Err(_) => (false, msg!("receivables-verify-reminder-missing", file = &path)),
                };
            lines.push(line);
        }
        Ok(())
    })();
    store.rollback();
    if let Err(e) = result {
        let m = match e {
            Failure::Other(m) => m,
            Failure::Input(d) => d
                .iter()
                .next()
                .map(|d| d.message.clone())
                .unwrap_or_else(|| msg!("folder-check-failed")),
        };
        lines.push((false, m));
    }
    lines
}
