//! `mopsc explain NAME` and `mopsc rules`: the library's documentation of
//! codes, rules and the language's names, printed.

use super::{emit, EXIT_OK, EXIT_USAGE};
use crate::cli::RulesFormat;

/// `mopsc explain NAME`: exit 0 with the entries; 2 for a name that means
/// nothing (with did-you-mean).
pub fn explain(name: &str) -> i32 {
    match crate::explain::explain(name) {
        Ok(text) => match emit(&text) {
            Ok(()) => EXIT_OK,
            Err(code) => code,
        },
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
}

/// `mopsc rules`: every rule, as text, JSON or Markdown.
pub fn rules(format: RulesFormat) -> i32 {
    let out = match format {
        RulesFormat::Text => crate::explain::rules_text(),
        RulesFormat::Json => crate::explain::rules_json(),
        RulesFormat::Md => crate::explain::rules_markdown(),
    };
    match emit(&out) {
        Ok(()) => EXIT_OK,
        Err(code) => code,
    }
}
