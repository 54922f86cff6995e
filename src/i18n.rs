//! The catalogue: every message in Swedish and English, from Project
//! Fluent resources (`locales/sv/*.ftl`, `locales/en/*.ftl`, compiled into
//! the binary), and a message rendered in a language.
//!
//! A run's language is `--lang sv|en`, else the first of `LC_ALL`,
//! `LC_MESSAGES` and `LANG` that is set (`sv_SE.UTF-8` is Swedish,
//! `en_GB.UTF-8` English), else Swedish: the context of a run holds it
//! (`Context::lang`). Counts are shown grouped as the language writes them
//! (`98 952` in Swedish); every other argument is shown as given.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::msg::{Arg, Message};

/// A language the tool speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    /// Swedish: the default.
    #[default]
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sv, Lang::En];

    /// `sv` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// The language a locale name (`sv_SE.UTF-8`, `en`, `sv-SE`) names, if
    /// it is one the tool speaks.
    pub fn of_locale(locale: &str) -> Option<Lang> {
        let lang = locale
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match lang.as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language the locale variables choose: the first of `LC_ALL`,
    /// `LC_MESSAGES`, `LANG` that is set and not empty decides (as in
    /// POSIX); Swedish when it names another language, `C` or none.
    pub fn of_environment(var: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|v| var(v).filter(|s| !s.trim().is_empty()))
            .and_then(|l| Lang::of_locale(&l))
            .unwrap_or_default()
    }
}

/// The catalogue's resources, as `build.rs` lists them: (language, file,
/// text).
const RESOURCES: &[(&str, &str, &str)] = include!(concat!(env!("OUT_DIR"), "/locales.rs"));

struct Catalogue {
    bundle: FluentBundle<FluentResource>,
}

/// Counts grouped as the language writes them; Fluent's own number
/// formatting is not used.
fn format_count(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Sv => crate::sv::int(n),
        Lang::En => n.to_string(),
    }
}

impl Catalogue {
    fn load(lang: Lang) -> Catalogue {
        let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("a language identifier");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Arguments are shown as they are: no bidirectional isolation marks.
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(match lang {
            Lang::Sv => |v: &FluentValue, _: &_| match v {
                FluentValue::Number(n) => Some(format_count(Lang::Sv, n.value as u64)),
                _ => None,
            },
            Lang::En => |v: &FluentValue, _: &_| match v {
                FluentValue::Number(n) => Some(format_count(Lang::En, n.value as u64)),
                _ => None,
            },
        }));
        for (l, file, text) in RESOURCES.iter().filter(|(l, _, _)| *l == lang.code()) {
            let resource = FluentResource::try_new(text.to_string())
                .unwrap_or_else(|(_, errors)| panic!("locales/{l}/{file}: {errors:?}"));
            bundle
                .add_resource(resource)
                .unwrap_or_else(|errors| panic!("locales/{l}/{file}: {errors:?}"));
        }
        Catalogue { bundle }
    }

    fn render(&self, lang: Lang, m: &Message) -> Option<String> {
        let pattern = self.bundle.get_message(m.id())?.value()?;
        let mut args = FluentArgs::new();
        for (name, arg) in m.args() {
            let value = match arg {
                Arg::Text(s) => FluentValue::from(s.as_str()),
                // Fluent's own integer conversion: a count is a whole
                // number, plural forms are chosen on it.
                Arg::Count(n) => FluentValue::from(*n),
                Arg::Msg(inner) => FluentValue::from(render(lang, inner)),
                Arg::List(items) => FluentValue::from(
                    items
                        .iter()
                        .map(|i| render(lang, i))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            };
            args.set(*name, value);
        }
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&args), &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }
}

fn catalogue(lang: Lang) -> &'static Catalogue {
    static SV: OnceLock<Catalogue> = OnceLock::new();
    static EN: OnceLock<Catalogue> = OnceLock::new();
    match lang {
        Lang::Sv => SV.get_or_init(|| Catalogue::load(Lang::Sv)),
        Lang::En => EN.get_or_init(|| Catalogue::load(Lang::En)),
    }
}

/// A message as text in `lang`. A message the language lacks (which a
/// test forbids) is shown in the other language, and else as its id and
/// arguments, so that nothing said is ever lost.
pub fn render(lang: Lang, m: &Message) -> String {
    catalogue(lang)
        .render(lang, m)
        .or_else(|| {
            let other = if lang == Lang::Sv { Lang::En } else { Lang::Sv };
            catalogue(other).render(other, m)
        })
        .unwrap_or_else(|| format!("{m:?}"))
}

/// Every message id of a language's catalogue, sorted (for the tests that
/// hold the catalogue complete).
pub fn ids(lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = RESOURCES
        .iter()
        .filter(|(l, _, _)| *l == lang.code())
        .flat_map(|(_, _, text)| {
            let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
            resource
                .entries()
                .filter_map(|e| match e {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    out.sort();
    out
}

/// In English: what tests and debugging read. What a user reads is
/// rendered in the run's language ([`render`]).
impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&render(Lang::En, self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msg;

    #[test]
    fn the_locale_variables_choose_the_language_in_posix_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::of_environment(env(&[])), Lang::Sv);
        assert_eq!(Lang::of_environment(env(&[("LANG", "en_GB.UTF-8")])), Lang::En);
        assert_eq!(
            Lang::of_environment(env(&[("LANG", "en_GB.UTF-8"), ("LC_MESSAGES", "sv_SE.UTF-8")])),
            Lang::Sv
        );
        assert_eq!(
            Lang::of_environment(env(&[("LC_ALL", "en_US.UTF-8"), ("LC_MESSAGES", "sv_SE")])),
            Lang::En
        );
        assert_eq!(
            Lang::of_environment(env(&[("LC_ALL", ""), ("LANG", "en")])),
            Lang::En
        );
        assert_eq!(Lang::of_environment(env(&[("LANG", "C.UTF-8")])), Lang::Sv);
        assert_eq!(Lang::of_environment(env(&[("LANG", "de_DE.UTF-8")])), Lang::Sv);
    }

    #[test]
    fn both_languages_have_the_same_ids() {
        let (sv, en) = (ids(Lang::Sv), ids(Lang::En));
        let only =
            |a: &[String], b: &[String]| a.iter().filter(|i| !b.contains(i)).cloned().collect::<Vec<_>>();
        assert_eq!(only(&sv, &en), Vec::<String>::new(), "only in Swedish");
        assert_eq!(only(&en, &sv), Vec::<String>::new(), "only in English");
        assert!(!sv.is_empty());
    }

    #[test]
    fn counts_choose_the_form_and_are_grouped_as_each_language_writes_them() {
        let m = |n: u64| msg!("more-problems", n = crate::msg::count(n), kinds = "x");
        assert!(
            render(Lang::Sv, &m(98_952)).contains("98 952"),
            "{}",
            render(Lang::Sv, &m(98_952))
        );
        assert!(
            render(Lang::En, &m(98_952)).contains("98952"),
            "{}",
            render(Lang::En, &m(98_952))
        );
        assert_ne!(render(Lang::En, &m(1)), render(Lang::En, &m(2)).replace('2', "1"));
    }

    #[test]
    fn a_message_argument_is_shown_in_the_same_language() {
        let inner = msg!("more-problems-kind", n = crate::msg::count(2u64), example = "x");
        let outer = msg!(
            "more-problems",
            n = crate::msg::count(3u64),
            kinds = vec![inner.clone()]
        );
        assert!(render(Lang::Sv, &outer).ends_with(&render(Lang::Sv, &inner)));
        assert!(render(Lang::En, &outer).ends_with(&render(Lang::En, &inner)));
        assert_ne!(render(Lang::Sv, &outer), render(Lang::En, &outer));
    }
}
