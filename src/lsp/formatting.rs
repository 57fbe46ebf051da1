//! Formatting: the canonical form of `crate::format`, as one edit
//! replacing the whole text.

use lsp_types::{DocumentFormattingParams, TextEdit};

use super::convert::whole;
use super::server::Server;
use super::transport::log;

/// `textDocument/formatting`: no edits for a document that is not open or
/// does not parse (an error response would pop up on every format-on-save
/// of a file being typed).
pub(super) fn handle(s: &mut Server, p: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let Some(doc) = s.docs.get(p.text_document.uri.as_str()) else {
        log(&format!("formatting of a document that is not open: {}", p.text_document.uri.as_str()));
        return None;
    };
    match format(&doc.text) {
        Ok(edits) => Some(edits),
        Err(why) => {
            log(&format!("not formatted ({}): {why}", p.text_document.uri.as_str()));
            None
        }
    }
}

/// One edit replacing the whole text, none when it is already formatted,
/// `Err` with the reason when it has a syntax error.
pub fn format(text: &str) -> Result<Vec<TextEdit>, String> {
    match crate::format::format_source(text) {
        Ok(new) if new == text => Ok(Vec::new()),
        Ok(new) => Ok(whole(text, new)),
        Err(e) => Err(e.to_string()),
    }
}
