//! `mopsc mcp`: a Model Context Protocol server on stdio, for the AI agents
//! that write `.mops` files (docs/agents.md). Built on the official Rust SDK
//! (`rmcp`); every tool calls the same library functions as the CLI and the
//! language server. Tools never crash the server: a bad argument, a path
//! outside the root or an input over the limits is a tool error whose text
//! says what to do.
//!
//! The tool logic ([`Server::call`]) is synchronous and independent of the
//! protocol, so it is tested directly as well as over the wire.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation, JsonObject,
    ListResourcesResult, ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams, ReadResourceResponse,
    ReadResourceResult, Resource, ResourceContents, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::{MaybeSendFuture, RequestContext};
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, ServiceExt};
use serde_json::{json, Value};

use crate::check::{self, Options};
use crate::diagnostic::Severity;
use crate::literal::Date;

/// The server: the workspace root it was started in and the CLI's options
/// (today, limits).
#[derive(Clone)]
pub struct Server {
    root: PathBuf,
    opts: Arc<Options>,
}

/// A tool's answer: structured JSON (also given as text) or an error text.
pub type ToolOutput = Result<Value, String>;

/// The documents served as resources: (URI, name, description, text).
fn resources() -> Vec<(&'static str, &'static str, &'static str, String)> {
    vec![
        (
            "mopsc://reference/language.md",
            "language",
            "The mops language: values, blocks, imports, the workspace, meaning, formatting.",
            include_str!("../docs/reference/language.md").to_string(),
        ),
        (
            "mopsc://reference/blocks.md",
            "blocks",
            "Every block kind with every attribute (type, required, allowed values, default) and an example.",
            crate::reference::blocks_markdown(),
        ),
        (
            "mopsc://reference/prelude.md",
            "prelude",
            "The built-in skills (requires, produces), playbooks, routing matrix and default UTM policy.",
            crate::reference::prelude_markdown(),
        ),
        (
            "mopsc://reference/rules.md",
            "rules",
            "Every lint rule and error code, with a triggering and a fixed example.",
            crate::explain::rules_markdown(),
        ),
        (
            "mopsc://reference/plan.md",
            "plan",
            "Run plans: what mopsc plan computes and its JSON contract.",
            include_str!("../docs/reference/plan.md").to_string(),
        ),
        (
            "mopsc://prelude.mops",
            "prelude.mops",
            "The prelude's source: the declarations every workspace sees.",
            crate::prelude::SOURCE.to_string(),
        ),
    ]
}

fn schema(v: Value) -> Arc<JsonObject> {
    match v {
        Value::Object(m) => Arc::new(m),
        _ => Arc::new(JsonObject::new()),
    }
}

const PATHS_DOC: &str = "Files or directories to check, relative to the workspace root the server runs in (default: the whole root). Paths outside the root are refused.";
const TODAY_DOC: &str = "Today's date, YYYY-MM-DD, for date-dependent rules (default: the server's today).";

/// The tools, with input schemas and descriptions written for a model.
pub fn tools() -> Vec<Tool> {
    vec![
        Tool::new(
            "check",
            "Parse, validate and lint .mops files, exactly like `mopsc check`. Pass `paths` to check files of the workspace, or `text` (the content of one .mops file) to check a draft before saving it; add `filename` to check the draft together with the workspace. Returns JSON: `diagnostics` (each with code, severity, message, file, span with 1-based line/column, labels, help, and fix edits as byte offsets) and `summary` counts. Error-level codes (E0xx) must be fixed before `plan` works; call `explain` with a code for its documentation.",
            schema(json!({
                "type": "object",
                "properties": {
                    "paths": { "type": "array", "items": { "type": "string" }, "description": PATHS_DOC },
                    "text": { "type": "string", "description": "The content of one .mops file to check instead of files on disk." },
                    "filename": { "type": "string", "description": "With `text`: the path (inside the workspace root, ending in .mops) the text would be saved as. The draft is then checked together with the workspace's other files, so its references to their tools and contexts resolve, and the diagnostics of the draft are returned. Without it, the text is checked on its own as draft.mops." },
                    "today": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": TODAY_DOC }
                },
                "additionalProperties": false
            })),
        ),
        Tool::new(
            "explain",
            "Document any name of the mops language: a rule or error code (STK002, E040), a block kind (campaign, sequence), an attribute (budget or campaign.budget), a built-in skill (paid-ads), a playbook (product-launch), a tool or skill category (crm), or an allowed value (nurture). Unknown names get the closest suggestions.",
            schema(json!({
                "type": "object",
                "properties": { "name": { "type": "string", "description": "The code or name to explain." } },
                "required": ["name"],
                "additionalProperties": false
            })),
        ),
        Tool::new(
            "route",
            "Route a marketing request (\"set up google ads for the launch\") to the skill that answers it, through the skill routing matrix: returns the skill, its score, the tempting wrong skill and why not, the runner-up skills, and the playbook when the request needs several skills.",
            schema(json!({
                "type": "object",
                "properties": {
                    "request": { "type": "string", "description": "The request in plain words." },
                    "top": { "type": "integer", "minimum": 1, "maximum": 10, "description": "How many alternatives to return (default 3)." }
                },
                "required": ["request"],
                "additionalProperties": false
            })),
        ),
        Tool::new(
            "plan",
            "Compile campaigns to run plans, like `mopsc plan --format json`: per campaign the schedule (critical path method, calendar days, inclusive dates), stages, hand-offs of artifacts, budget roll-up, UTM-tagged links and the pre-launch checklist (plan_version 1). Refused while the workspace has error-level diagnostics: run `check` and fix them first.",
            schema(json!({
                "type": "object",
                "properties": {
                    "paths": { "type": "array", "items": { "type": "string" }, "description": PATHS_DOC },
                    "campaign": { "type": "string", "description": "Only this campaign (default: every campaign)." },
                    "today": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": TODAY_DOC }
                },
                "additionalProperties": false
            })),
        ),
        Tool::new(
            "score",
            "Score the workspace's leads with its scoring model on the data its `dataset` blocks bind (like `mopsc score`, on the embedded SQLite engine): returns the number of leads per tier, the highest-scored leads with the signals that fired, and with `review: true` the seed's quarterly accuracy review (conversion rate and lift per tier and per signal) and its findings SCR101-SCR103. Data errors (DATA001-DATA003) come back as findings with file, row and column.",
            schema(json!({
                "type": "object",
                "properties": {
                    "paths": { "type": "array", "items": { "type": "string" }, "description": PATHS_DOC },
                    "scoring": { "type": "string", "description": "The scoring model (needed only when the workspace declares several)." },
                    "as_of": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": "Score as of this day (default: the server's today)." },
                    "review": { "type": "boolean", "description": "Add the accuracy review (needs the leads dataset's `outcome` role)." },
                    "top": { "type": "integer", "minimum": 0, "maximum": 100, "description": "How many of the highest-scored leads to return (default 10)." }
                },
                "additionalProperties": false
            })),
        ),
        Tool::new(
            "attribute",
            "Credit the workspace's conversions to channels, campaigns or steps with its attribution model on the touches its `dataset` blocks bind (like `mopsc attribute`, embedded SQLite engine): for each row and model the conversions and value credited, and with `by` campaign or step the spend (a spend dataset, else the declared budgets spread over the days), ROAS and cost per conversion; the Markov chain's removal effects when markov is among the models. Models: first-touch, last-touch, linear, time-decay, position-based, markov, shapley, data-driven (the declared method) or all.",
            schema(json!({
                "type": "object",
                "properties": {
                    "paths": { "type": "array", "items": { "type": "string" }, "description": PATHS_DOC },
                    "attribution": { "type": "string", "description": "The attribution model (needed only when the workspace declares several)." },
                    "models": { "type": "array", "items": { "type": "string" }, "description": "The models side by side (default: the declared model); [\"all\"] for every one." },
                    "by": { "type": "string", "enum": ["channel", "source-medium", "campaign", "step"], "description": "What a row is (default channel)." },
                    "from": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": "Conversions from this day on." },
                    "to": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": "Conversions up to and including this day." }
                },
                "additionalProperties": false
            })),
        ),
        Tool::new(
            "format",
            "Format the text of one .mops file in the canonical layout (like `mopsc fmt`): two-space indentation, aligned `=`, comments kept. Returns the formatted text; a file with syntax errors is not formatted and the errors are returned.",
            schema(json!({
                "type": "object",
                "properties": { "text": { "type": "string", "description": "The content of a .mops file." } },
                "required": ["text"],
                "additionalProperties": false
            })),
        ),
        Tool::new(
            "new_campaign",
            "Write a campaign skeleton that follows a playbook's steps (like `mopsc new campaign`): one step per skill of the playbook, in order, with TODOs to fill. Save it as a .mops file in the workspace, fill in the TODOs, then `check` it.",
            schema(json!({
                "type": "object",
                "properties": {
                    "name": { "type": "string", "description": "The campaign's name, lowercase kebab-case (spring-launch)." },
                    "playbook": { "type": "string", "description": "A playbook: product-launch, content-sprint, lead-generation, brand-awareness, conversion-optimization, or one the workspace declares." },
                    "start": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": "The campaign's first day (default: today)." }
                },
                "required": ["name", "playbook"],
                "additionalProperties": false
            })),
        ),
    ]
}

fn arg_str<'a>(args: &'a JsonObject, key: &str) -> Result<Option<&'a str>, String> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("`{key}` must be a string, not {other}")),
    }
}

fn required_str<'a>(args: &'a JsonObject, key: &str) -> Result<&'a str, String> {
    arg_str(args, key)?.ok_or_else(|| format!("`{key}` is required"))
}

fn known_keys(args: &JsonObject, keys: &[&str]) -> Result<(), String> {
    for k in args.keys() {
        if !keys.contains(&k.as_str()) {
            let hint =
                crate::schema::did_you_mean(k, keys.iter().copied()).map(|h| format!(" ({h})")).unwrap_or_default();
            return Err(format!("unknown argument `{k}`{hint}; this tool takes {}", keys.join(", ")));
        }
    }
    Ok(())
}

fn short_diagnostics(report: &check::Report) -> String {
    crate::render::short(&report.diagnostics, &report.files)
}

impl Server {
    /// A server for the workspace under `root` (made absolute and
    /// canonical), with the CLI's options.
    pub fn new(root: &Path, opts: Options) -> Result<Server, String> {
        let root = root.canonicalize().map_err(|e| format!("workspace root {}: {e}", root.display()))?;
        if !root.is_dir() {
            return Err(format!("workspace root {} is not a directory", root.display()));
        }
        Ok(Server { root, opts: Arc::new(opts) })
    }

    fn options(&self, args: &JsonObject, key: &str) -> Result<Options, String> {
        let mut o = (*self.opts).clone();
        if let Some(t) = arg_str(args, key)? {
            o.today = crate::literal::date(t).map_err(|_| format!("`{key}` must be a date YYYY-MM-DD, not {t:?}"))?;
        }
        Ok(o)
    }

    fn today(&self) -> Date {
        self.opts.today
    }

    /// The paths of a call, each inside the root (symlinks resolved).
    fn paths(&self, args: &JsonObject) -> Result<Vec<PathBuf>, String> {
        let list: Vec<String> = match args.get("paths") {
            None | Some(Value::Null) => return Ok(vec![self.root.clone()]),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().map(str::to_string).ok_or_else(|| format!("`paths` must be strings, not {v}")))
                .collect::<Result<_, _>>()?,
            Some(other) => return Err(format!("`paths` must be a list of strings, not {other}")),
        };
        if list.is_empty() {
            return Ok(vec![self.root.clone()]);
        }
        list.iter()
            .map(|p| {
                let joined = self.root.join(p);
                let real = joined
                    .canonicalize()
                    .map_err(|_| format!("no file or directory `{p}` under the workspace root"))?;
                if !real.starts_with(&self.root) {
                    return Err(format!(
                        "`{p}` is outside the workspace root {}; give a path inside it",
                        self.root.display()
                    ));
                }
                Ok(real)
            })
            .collect()
    }

    /// Where a draft named `name` would live: a `.mops` path inside the root
    /// (its directory must exist; the file need not).
    fn draft_path(&self, name: &str) -> Result<PathBuf, String> {
        if !name.ends_with(".mops") {
            return Err(format!("`filename` must end in .mops, not {name:?}"));
        }
        let joined = self.root.join(name);
        let file = joined.file_name().ok_or_else(|| format!("`filename` {name:?} names no file"))?.to_owned();
        let dir = joined.parent().unwrap_or(&self.root);
        let dir = dir.canonicalize().map_err(|_| format!("no directory for `{name}` under the workspace root"))?;
        if !dir.starts_with(&self.root) {
            return Err(format!(
                "`{name}` is outside the workspace root {}; give a path inside it",
                self.root.display()
            ));
        }
        Ok(dir.join(file))
    }

    /// The model of the workspace under the root (the prelude where the root
    /// holds no .mops file), for the tools that read declarations.
    fn workspace_model(&self) -> Result<crate::model::Model, String> {
        let mut report = check::check_paths(std::slice::from_ref(&self.root), &self.opts).map_err(|e| e.to_string())?;
        Ok(if report.analyses.is_empty() { check::prelude_model().0 } else { report.analyses.swap_remove(0).model })
    }

    fn check_text_limit(&self, text: &str) -> Result<(), String> {
        let max = self.opts.limits.max_file_bytes;
        if text.len() as u64 > max {
            return Err(format!(
                "the text is {} bytes, over the limit of {max} bytes (--max-file-size when the server starts)",
                text.len()
            ));
        }
        Ok(())
    }

    /// Run one tool. `Err` is a tool error: its text goes to the model.
    pub fn call(&self, name: &str, args: &JsonObject) -> ToolOutput {
        match name {
            "check" => self.check(args),
            "explain" => {
                known_keys(args, &["name"])?;
                let n = required_str(args, "name")?;
                crate::explain::explain(n).map(|text| json!({ "name": n, "text": text }))
            }
            "route" => self.route(args),
            "plan" => self.plan(args),
            "format" => {
                known_keys(args, &["text"])?;
                let text = required_str(args, "text")?;
                self.check_text_limit(text)?;
                match crate::format::format_source(text) {
                    Ok(out) => Ok(json!({ "text": out, "changed": out != text })),
                    Err(_) => {
                        let report = check::check_source("draft.mops", text, &self.opts);
                        Err(format!(
                            "not formatted: the text has syntax errors; fix them first:\n{}",
                            short_diagnostics(&report)
                        ))
                    }
                }
            }
            "new_campaign" => self.new_campaign(args),
            "score" => self.score(args),
            "attribute" => self.attribute(args),
            other => {
                let names: Vec<String> = tools().iter().map(|t| t.name.to_string()).collect();
                let hint = crate::schema::did_you_mean(other, names.iter().map(String::as_str))
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                Err(format!("unknown tool `{other}`{hint}; the tools are {}", names.join(", ")))
            }
        }
    }

    fn check(&self, args: &JsonObject) -> ToolOutput {
        known_keys(args, &["paths", "text", "filename", "today"])?;
        let opts = self.options(args, "today")?;
        let report = match arg_str(args, "text")? {
            Some(text) => {
                if args.get("paths").is_some_and(|p| !p.is_null()) {
                    return Err("give either `paths` or `text`, not both".into());
                }
                self.check_text_limit(text)?;
                match arg_str(args, "filename")? {
                    None => check::check_source("draft.mops", text, &opts),
                    Some(name) => {
                        // The draft as that file of the workspace: checked with
                        // the whole workspace, its diagnostics returned.
                        let path = self.draft_path(name)?;
                        let mut overlay = crate::workspace::Overlay::new();
                        overlay.texts.insert(path.clone(), text.to_string());
                        let mut report =
                            check::check_paths_with_overlay(&[self.root.clone(), path.clone()], &opts, &overlay)
                                .map_err(|e| e.to_string())?;
                        let ids: Vec<_> = report
                            .files
                            .iter()
                            .filter(|(_, f)| {
                                let shown = Path::new(&f.name);
                                std::path::absolute(shown).is_ok_and(|a| a == path) || shown.ends_with(name)
                            })
                            .map(|(id, _)| id)
                            .collect();
                        report.diagnostics.retain(|d| ids.contains(&d.file));
                        report
                    }
                }
            }
            None => {
                let paths = self.paths(args)?;
                check::check_paths(&paths, &opts).map_err(|e| e.to_string())?
            }
        };
        let doc = crate::render::json(&report.diagnostics, &report.files, report.file_count());
        serde_json::from_str(&doc).map_err(|e| format!("internal: {e}"))
    }

    fn route(&self, args: &JsonObject) -> ToolOutput {
        known_keys(args, &["request", "top"])?;
        let request = required_str(args, "request")?;
        let top = match args.get("top") {
            None | Some(Value::Null) => 3,
            Some(v) => {
                v.as_u64().filter(|n| (1..=10).contains(n)).ok_or("`top` must be an integer from 1 to 10")? as usize
            }
        };
        let model = self.workspace_model()?;
        let router = crate::route::Router::new(&model);
        match router.route(request, top) {
            Some(r) => serde_json::to_value(&r).map_err(|e| format!("internal: {e}")),
            None => Err(format!(
                "no route: none of the words of {request:?} is in the routing matrix; name the task, e.g. \"write a blog post\" or \"set up google ads\""
            )),
        }
    }

    fn plan(&self, args: &JsonObject) -> ToolOutput {
        known_keys(args, &["paths", "campaign", "today"])?;
        let opts = self.options(args, "today")?;
        let paths = self.paths(args)?;
        let report = check::check_paths(&paths, &opts).map_err(|e| e.to_string())?;
        if report.count(Severity::Error) > 0 {
            let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
            return Err(format!(
                "no plan: the workspace has {} error(s); fix them (see `check`):\n{}",
                errors.len(),
                crate::render::short(&errors, &report.files)
            ));
        }
        let campaign = arg_str(args, "campaign")?;
        let plan = crate::plan::compile(&report, campaign).map_err(|e| e.to_string())?;
        serde_json::from_str(&crate::plan::to_json(&plan)).map_err(|e| format!("internal: {e}"))
    }

    fn score(&self, args: &JsonObject) -> ToolOutput {
        known_keys(args, &["paths", "scoring", "as_of", "review", "top"])?;
        let paths = self.paths(args)?;
        let as_of = match arg_str(args, "as_of")? {
            Some(t) => {
                Some(crate::literal::date(t).map_err(|_| format!("`as_of` must be a date YYYY-MM-DD, not {t:?}"))?)
            }
            None => None,
        };
        let review = match args.get("review") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => return Err(format!("`review` must be true or false, not {other}")),
        };
        let top = match args.get("top") {
            None | Some(Value::Null) => 10,
            Some(v) => v.as_u64().filter(|n| *n <= 100).ok_or("`top` must be an integer from 0 to 100")? as usize,
        };
        let scoring = arg_str(args, "scoring")?;
        let out = crate::data::cmd::score(
            &paths,
            &self.opts,
            scoring,
            as_of,
            &crate::data::engine::EngineChoice::sqlite(),
            crate::data::cmd::ScoreFormat::Json,
            review,
            0,
        );
        let findings: Vec<Value> = out
            .diagnostics
            .iter()
            .map(|d| json!({ "code": d.code, "severity": d.severity.as_str(), "message": d.message, "help": d.help }))
            .collect();
        if out.stdout.trim().is_empty() {
            let mut msg = out.messages.join("\n");
            for f in &findings {
                msg.push_str(&format!(
                    "\n{}: {}",
                    f["code"].as_str().unwrap_or(""),
                    f["message"].as_str().unwrap_or("")
                ));
            }
            return Err(if msg.trim().is_empty() { "no scores".to_string() } else { msg.trim().to_string() });
        }
        let mut doc: Value = serde_json::from_str(&out.stdout).map_err(|e| format!("internal: {e}"))?;
        let mut leads = doc.get_mut("leads").and_then(Value::as_array_mut).map(std::mem::take).unwrap_or_default();
        let total = leads.len();
        leads.sort_by(|a, b| {
            let (sa, sb) = (a["score"].as_i64().unwrap_or(0), b["score"].as_i64().unwrap_or(0));
            sb.cmp(&sa).then_with(|| a["key"].as_str().cmp(&b["key"].as_str()))
        });
        leads.truncate(top);
        if let Some(o) = doc.as_object_mut() {
            o.remove("leads");
            o.insert("lead_count".into(), json!(total));
            o.insert("top_leads".into(), Value::Array(leads));
            o.insert("findings".into(), Value::Array(findings));
            o.insert("messages".into(), json!(out.messages));
        }
        Ok(doc)
    }

    fn attribute(&self, args: &JsonObject) -> ToolOutput {
        use crate::data::attribute::By;
        use crate::data::attribute_cmd::{self as ac, AttrArgs, AttrFormat};
        known_keys(args, &["paths", "attribution", "models", "by", "from", "to"])?;
        let paths = self.paths(args)?;
        let day = |key: &str| -> Result<Option<Date>, String> {
            match arg_str(args, key)? {
                Some(t) => Ok(Some(
                    crate::literal::date(t).map_err(|_| format!("`{key}` must be a date YYYY-MM-DD, not {t:?}"))?,
                )),
                None => Ok(None),
            }
        };
        let (from, to) = (day("from")?, day("to")?);
        let by = match arg_str(args, "by")? {
            None | Some("channel") => By::Channel,
            Some("source-medium") => By::SourceMedium,
            Some("campaign") => By::Campaign,
            Some("step") => By::Step,
            Some(other) => return Err(format!("`by` is channel, source-medium, campaign or step, not {other:?}")),
        };
        let models = match args.get("models") {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) => {
                let names: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                Some(names.ok_or("`models` must be a list of model names")?.join(","))
            }
            Some(_) => return Err("`models` must be a list of model names".into()),
        };
        let sqlite = crate::data::engine::EngineChoice::sqlite();
        let aa = AttrArgs {
            attribution: arg_str(args, "attribution")?,
            models: models.as_deref(),
            by,
            from,
            to,
            engine: &sqlite,
            paths_file: None,
            format: AttrFormat::Json,
            max_bad_rows: 0,
        };
        let out = ac::attribute(&paths, &self.opts, &aa);
        if out.code != 0 || out.stdout.trim().is_empty() {
            let mut msg = out.messages.join("\n");
            for d in &out.diagnostics {
                msg.push_str(&format!("\n{}: {}", d.code, d.message));
            }
            return Err(if msg.trim().is_empty() { "no attribution".to_string() } else { msg.trim().to_string() });
        }
        let mut doc: Value = serde_json::from_str(&out.stdout).map_err(|e| format!("internal: {e}"))?;
        if let Some(o) = doc.as_object_mut() {
            o.insert("messages".into(), json!(out.messages));
        }
        Ok(doc)
    }

    fn new_campaign(&self, args: &JsonObject) -> ToolOutput {
        known_keys(args, &["name", "playbook", "start"])?;
        let name = required_str(args, "name")?;
        let playbook = required_str(args, "playbook")?;
        let start = match arg_str(args, "start")? {
            Some(t) => crate::literal::date(t).map_err(|_| format!("`start` must be a date YYYY-MM-DD, not {t:?}"))?,
            None => self.today(),
        };
        let model = self.workspace_model()?;
        crate::scaffold::new_campaign(name, playbook, &model, start)
            .map(|text| json!({ "text": text, "file": format!("{name}.mops") }))
            .map_err(|e| e.to_string())
    }

    fn resource(&self, uri: &str) -> Option<String> {
        resources().into_iter().find(|(u, ..)| *u == uri).map(|(.., text)| text)
    }
}

/// A tool's output as an MCP result: structured content (and its text), or
/// an error result whose text the model reads.
fn to_result(out: ToolOutput) -> CallToolResult {
    match out {
        Ok(v) => CallToolResult::structured(v),
        Err(e) => CallToolResult::error(vec![ContentBlock::text(e)]),
    }
}

impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().enable_resources().build())
            .with_server_info(Implementation::new("mopsc", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "mopsc checks, explains, formats and plans .mops files (marketing operations as code). \
                 Write a file, call `check`, fix what it reports (use `explain` on a code), `format` it, then `plan`. \
                 The language reference is in the resources (mopsc://reference/*.md).",
            )
    }

    fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> impl Future<Output = Result<ListToolsResult, McpError>> + MaybeSendFuture + '_ {
        std::future::ready(Ok(ListToolsResult::with_all_items(tools())))
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        tools().into_iter().find(|t| t.name == name)
    }

    fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> impl Future<Output = Result<CallToolResponse, McpError>> + MaybeSendFuture + '_ {
        let args = request.arguments.unwrap_or_default();
        let server = self.clone();
        let name = request.name.to_string();
        // A panic in a tool is a bug; it must not take the server down.
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| server.call(&name, &args)))
            .unwrap_or_else(|_| Err(format!("internal failure in `{name}` (a bug in mopsc; please report it)")));
        std::future::ready(Ok(CallToolResponse::Complete(to_result(out))))
    }

    fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> impl Future<Output = Result<ListResourcesResult, McpError>> + MaybeSendFuture + '_ {
        let list = resources()
            .into_iter()
            .map(|(uri, name, desc, text)| {
                Resource::new(uri, name).with_description(desc).with_mime_type(mime(uri)).with_size(text.len() as u64)
            })
            .collect();
        std::future::ready(Ok(ListResourcesResult::with_all_items(list)))
    }

    fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> impl Future<Output = Result<ReadResourceResponse, McpError>> + MaybeSendFuture + '_ {
        let out = match self.resource(&request.uri) {
            Some(text) => Ok(ReadResourceResponse::Complete(ReadResourceResult::new(vec![ResourceContents::text(
                text,
                request.uri.clone(),
            )
            .with_mime_type(mime(&request.uri))]))),
            None => Err(McpError::invalid_params(
                format!(
                    "no resource {}; the resources are {}",
                    request.uri,
                    resources().iter().map(|r| r.0).collect::<Vec<_>>().join(", ")
                ),
                None,
            )),
        };
        std::future::ready(out)
    }
}

fn mime(uri: &str) -> &'static str {
    if uri.ends_with(".md") {
        "text/markdown"
    } else {
        "text/plain"
    }
}

/// Serve `server` on a reader and writer (stdio, or a pipe in tests) until
/// the client closes its end.
pub async fn serve_io<R, W>(server: Server, reader: R, writer: W) -> Result<(), String>
where
    R: tokio::io::AsyncRead + Send + Unpin + 'static,
    W: tokio::io::AsyncWrite + Send + Unpin + 'static,
{
    let running = server.serve((reader, writer)).await.map_err(|e| format!("MCP session failed to start: {e}"))?;
    running.waiting().await.map_err(|e| format!("MCP session ended with an error: {e}"))?;
    Ok(())
}

/// `mopsc mcp`: serve on standard input and output.
pub fn run_stdio(root: &Path, opts: Options) -> Result<(), String> {
    let server = Server::new(root, opts)?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the MCP server: {e}"))?;
    rt.block_on(serve_io(server, tokio::io::stdin(), tokio::io::stdout()))
}
