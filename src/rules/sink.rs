//! [`Sink`], where a rule reports. It lives in a module of its own because
//! it is the only place a [`Fix`] can be made: `Fix` carries an [`Issued`]
//! token whose field is private here, so a rule cannot write `Fix { .. }`
//! and give its fix another applicability than the one its [`Rule`]
//! declares (`tests/rules.rs` checks every fixture's fixes against it).

use super::Rule;
use crate::diagnostic::{Applicability, Diagnostic, Edit, FileId, Fix, Span};

/// Proof that a [`Fix`] was made by [`Sink::fix`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued(());

/// Collects one rule's diagnostics.
pub struct Sink {
    rule: &'static Rule,
    pub out: Vec<Diagnostic>,
}

impl Sink {
    pub fn new(rule: &'static Rule) -> Sink {
        Sink { rule, out: Vec::new() }
    }
    /// Report at `span` of `file`; returns the diagnostic to add labels,
    /// help or a fix (`.with_help(..)`, [`crate::diagnostic::Build`]).
    pub fn report(&mut self, file: FileId, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        let message = message.into();
        let d = Diagnostic::new(self.rule.code, self.rule.severity, message, file, span);
        self.out.push(d);
        self.out.last_mut().expect("just pushed")
    }
    /// A fix with this rule's applicability: the only way to make one. A
    /// rule that declares no fix gets an unsafe one, which the fixture
    /// test (`tests/rules.rs`) reports as a fix the rule does not declare.
    pub fn fix(&self, title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            applicability: self.rule.fix.unwrap_or(Applicability::Unsafe),
            title: title.into(),
            edits,
            issued: Issued(()),
        }
    }
}
