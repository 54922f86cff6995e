//! Planning: the years after the tariff's. [`project`] makes next year's
//! tariff from this year's (indices, population, this year's amounts as
//! next year's actuals); [`plan`] chains those steps over the budget and
//! plan years of each scenario; [`solve`] finds the value of a tariff key
//! whose total covers a budget. Their results are the engine's
//! ([`crate::engine::plan`], [`crate::engine::solve::Solution`]), so that
//! writers render them without knowing how they were made.

pub mod plan;
pub mod project;
pub mod solve;

use crate::diag::{Diagnostic, Diagnostics};
use crate::msg;
use crate::msg::Message;

/// A problem as a message that another message can carry, said as
/// [`Diagnostic::render`] says it (place, key, what is wrong), and shown
/// in the language of the message that carries it.
pub(crate) fn problem_message(d: &Diagnostic) -> Message {
    let mut m = d.message.clone();
    if let Some(key) = &d.key {
        m = msg!("planning-at", place = key, message = m);
    }
    let place = match (&d.file, d.line, d.column) {
        (Some(f), Some(l), Some(c)) => format!("{}:{l}:{c}", f.display()),
        (Some(f), Some(l), None) => format!("{}:{l}", f.display()),
        (Some(f), None, _) => f.display().to_string(),
        (None, Some(l), _) => return msg!("planning-at-line", line = l, message = m),
        (None, None, _) => return m,
    };
    msg!("planning-at", place = place, message = m)
}

/// Problems as one message, one per line, as [`Diagnostics`] shows them;
/// `None` when there are none.
pub(crate) fn problems_message(d: &Diagnostics) -> Option<Message> {
    let mut all = d.iter().rev().map(problem_message);
    let last = all.next()?;
    Some(all.fold(last, |rest, first| {
        msg!("planning-lines", first = first, rest = rest)
    }))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::i18n::{render, Lang};

    #[test]
    fn a_problem_carried_by_a_message_reads_as_it_does_on_its_own() {
        let m = || msg!("validate-no-tiers");
        let all = [
            Diagnostic::new(m()),
            Diagnostic::new(m()).for_key("charges.dso.rate"),
            Diagnostic::new(m()).at_line(7),
            Diagnostic::new(m()).at_line(7).for_key("k"),
            Diagnostic::new(m()).in_file(Path::new("t.toml")),
            Diagnostic::new(m()).in_file(Path::new("t.toml")).at_line(3),
            Diagnostic::new(m())
                .in_file(Path::new("t.toml"))
                .at(3, 9)
                .for_key("k"),
        ];
        for lang in Lang::ALL {
            for d in &all {
                assert_eq!(render(lang, &problem_message(d)), d.render(lang));
            }
            let d = Diagnostics(all.to_vec());
            assert_eq!(render(lang, &problems_message(&d).unwrap()), d.render(lang));
        }
        assert_eq!(problems_message(&Diagnostics::new()), None);
    }
}
