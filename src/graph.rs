//! The dependency graph of a checked set (LANGUAGE.md §5): one petgraph
//! graph whose nodes are declarations and files and whose edges are typed.
//! Built once by [`build`]; `mopsc graph` renders it as DOT, Mermaid or JSON.

use std::collections::HashMap;
use std::fmt::Write;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use serde_json::json;

use crate::campaign::{self, Source};
use crate::diagnostic::{FileId, Files, Span};
use crate::kinds::DeclKind;
use crate::model::Model;
use crate::workspace::CheckedSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    File,
    Context,
    Tool,
    Skill,
    Playbook,
    Campaign,
    Step,
    Route,
    Sequence,
    Automation,
    Scoring,
    Attribution,
    UtmPolicy,
    Hygiene,
    Audit,
    Dataset,
}

impl From<DeclKind> for NodeKind {
    fn from(k: DeclKind) -> NodeKind {
        match k {
            DeclKind::Context => NodeKind::Context,
            DeclKind::Tool => NodeKind::Tool,
            DeclKind::Skill => NodeKind::Skill,
            DeclKind::Playbook => NodeKind::Playbook,
            DeclKind::Campaign => NodeKind::Campaign,
            DeclKind::Route => NodeKind::Route,
            DeclKind::Sequence => NodeKind::Sequence,
            DeclKind::Automation => NodeKind::Automation,
            DeclKind::Scoring => NodeKind::Scoring,
            DeclKind::Attribution => NodeKind::Attribution,
            DeclKind::UtmPolicy => NodeKind::UtmPolicy,
            DeclKind::Hygiene => NodeKind::Hygiene,
            DeclKind::Audit => NodeKind::Audit,
            DeclKind::Dataset => NodeKind::Dataset,
        }
    }
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::File => "file",
            NodeKind::Context => "context",
            NodeKind::Tool => "tool",
            NodeKind::Skill => "skill",
            NodeKind::Playbook => "playbook",
            NodeKind::Campaign => "campaign",
            NodeKind::Step => "step",
            NodeKind::Route => "route",
            NodeKind::Sequence => "sequence",
            NodeKind::Automation => "automation",
            NodeKind::Scoring => "scoring",
            NodeKind::Attribution => "attribution",
            NodeKind::UtmPolicy => "utm-policy",
            NodeKind::Hygiene => "hygiene",
            NodeKind::Audit => "audit",
            NodeKind::Dataset => "dataset",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    pub kind: NodeKind,
    /// Declaration name; for steps `campaign.step`; for files the path.
    pub name: String,
    /// Tool category, skill category, step skill, ... (the `: TYPE`).
    pub ty: Option<String>,
    pub file: FileId,
    pub span: Span,
    /// For steps: on the campaign's critical path.
    pub critical: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdgeKind {
    Imports,
    References,
    After,
    Integrates,
    /// Producer step → consumer step, labelled with the artifact.
    Artifact(String),
}

impl EdgeKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EdgeKind::Imports => "imports",
            EdgeKind::References => "references",
            EdgeKind::After => "after",
            EdgeKind::Integrates => "integrates",
            EdgeKind::Artifact(_) => "artifact",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Edge {
    pub kind: EdgeKind,
    pub file: FileId,
    pub span: Span,
    /// For `after` and `artifact` edges: both ends on the critical path, consecutive.
    pub critical: bool,
}

#[derive(Debug, Default)]
pub struct Graph {
    pub g: DiGraph<Node, Edge>,
    index: HashMap<(NodeKind, String), NodeIndex>,
}

impl Graph {
    pub fn node(&self, kind: NodeKind, name: &str) -> Option<NodeIndex> {
        self.index.get(&(kind, name.to_string())).copied()
    }
    fn add(&mut self, node: Node) -> NodeIndex {
        let key = (node.kind, node.name.clone());
        if let Some(i) = self.index.get(&key) {
            return *i;
        }
        let i = self.g.add_node(node);
        self.index.insert(key, i);
        i
    }
    fn link(&mut self, from: Option<NodeIndex>, to: Option<NodeIndex>, kind: EdgeKind, file: FileId, span: Span) {
        if let (Some(a), Some(b)) = (from, to) {
            self.g.add_edge(a, b, Edge { kind, file, span, critical: false });
        }
    }
}

/// Build the graph of one checked set from its merged model.
pub fn build(set: &CheckedSet, model: &Model, files: &Files) -> Graph {
    let mut gr = Graph::default();
    for pf in &set.files {
        gr.add(Node {
            kind: NodeKind::File,
            name: files.get(pf.id).name.clone(),
            ty: None,
            file: pf.id,
            span: Span::new(0, 0),
            critical: false,
        });
    }
    for (from, to, span) in &set.imports {
        let a = gr.node(NodeKind::File, &files.get(*from).name);
        let b = gr.node(NodeKind::File, &files.get(*to).name);
        gr.link(a, b, EdgeKind::Imports, *from, *span);
    }
    model.for_each_head(|h| {
        gr.add(Node {
            kind: h.kind.into(),
            name: h.name.value.to_string(),
            ty: h.ty.map(|t| t.value.to_string()),
            file: h.file,
            span: h.header,
            critical: false,
        });
    });

    for t in &model.tools {
        let a = gr.node(NodeKind::Tool, &t.name.value);
        for i in &t.data.integrates {
            let b = gr.node(NodeKind::Tool, &i.value);
            gr.link(a, b, EdgeKind::Integrates, t.file, i.span);
        }
    }
    for p in &model.playbooks {
        let a = gr.node(NodeKind::Playbook, &p.name.value);
        for s in &p.data.steps {
            let b = gr.node(NodeKind::Skill, &s.value);
            gr.link(a, b, EdgeKind::References, p.file, s.span);
        }
    }
    for r in &model.routes {
        let a = gr.node(NodeKind::Route, &r.name.value);
        for s in r.data.to.iter().chain(r.data.not.iter()) {
            let b = gr.node(NodeKind::Skill, &s.value);
            gr.link(a, b, EdgeKind::References, r.file, s.span);
        }
    }
    for s in &model.sequences {
        let a = gr.node(NodeKind::Sequence, &s.name.value);
        if let Some(t) = &s.data.tool {
            let b = gr.node(NodeKind::Tool, &t.value);
            gr.link(a, b, EdgeKind::References, s.file, t.span);
        }
    }
    for s in &model.automations {
        let a = gr.node(NodeKind::Automation, &s.name.value);
        if let Some(t) = &s.data.tool {
            let b = gr.node(NodeKind::Tool, &t.value);
            gr.link(a, b, EdgeKind::References, s.file, t.span);
        }
    }
    for s in &model.scorings {
        let a = gr.node(NodeKind::Scoring, &s.name.value);
        if let Some(t) = &s.data.route {
            let b = gr.node(NodeKind::Tool, &t.value);
            gr.link(a, b, EdgeKind::References, s.file, t.span);
        }
        for d in s.data.leads.iter().chain(&s.data.touches) {
            let b = gr.node(NodeKind::Dataset, &d.value);
            gr.link(a, b, EdgeKind::References, s.file, d.span);
        }
    }
    for s in &model.attributions {
        let a = gr.node(NodeKind::Attribution, &s.name.value);
        for d in s.data.touches.iter().chain(&s.data.spend) {
            let b = gr.node(NodeKind::Dataset, &d.value);
            gr.link(a, b, EdgeKind::References, s.file, d.span);
        }
    }
    for c in &model.campaigns {
        let cn = gr.node(NodeKind::Campaign, &c.name.value);
        let pb = gr.node(NodeKind::Playbook, &c.data.playbook.value);
        gr.link(cn, pb, EdgeKind::References, c.file, c.data.playbook.span);
        if let Some(ctx) = &c.data.context {
            let b = gr.node(NodeKind::Context, &ctx.value);
            gr.link(cn, b, EdgeKind::References, c.file, ctx.span);
        }
        let cg = campaign::analyse(c, model);
        let critical: Vec<usize> = cg.schedule.as_ref().map(|s| s.critical_path.clone()).unwrap_or_default();
        let mut ids = Vec::new();
        for (i, s) in c.data.steps.iter().enumerate() {
            let id = gr.add(Node {
                kind: NodeKind::Step,
                name: format!("{}.{}", c.name.value, s.name.value),
                ty: Some(s.skill.value.to_string()),
                file: c.file,
                span: s.header,
                // zero slack is critical, as in the plan, on the chain or a parallel one
                critical: critical.contains(&i)
                    || cg.schedule.as_ref().is_some_and(|s| s.slots.get(i).is_some_and(|x| x.slack == 0)),
            });
            ids.push(id);
            gr.link(cn, Some(id), EdgeKind::References, c.file, s.header);
            let sk = gr.node(NodeKind::Skill, &s.skill.value);
            gr.link(Some(id), sk, EdgeKind::References, c.file, s.skill.span);
            if let Some(t) = &s.tool {
                let b = gr.node(NodeKind::Tool, &t.value);
                gr.link(Some(id), b, EdgeKind::References, c.file, t.span);
            }
        }
        let on_path = |a: usize, b: usize| critical.windows(2).any(|w| w[0] == a && w[1] == b);
        for (i, preds) in cg.preds.iter().enumerate() {
            for p in preds {
                let crit = on_path(p.step, i);
                let span = p.span.unwrap_or(c.data.steps[i].header);
                gr.g.add_edge(ids[p.step], ids[i], Edge { kind: EdgeKind::After, file: c.file, span, critical: crit });
            }
        }
        for (i, hs) in cg.handoffs.iter().enumerate() {
            for h in hs {
                if let Some(Source::Step(p)) = h.source {
                    gr.g.add_edge(
                        ids[p],
                        ids[i],
                        Edge {
                            kind: EdgeKind::Artifact(h.artifact.clone()),
                            file: c.file,
                            span: c.data.steps[i].skill.span,
                            critical: on_path(p, i),
                        },
                    );
                }
            }
        }
    }
    gr
}

/// Which part of the graph to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    Stack,
    Campaigns,
    Imports,
}

fn category_colour(cat: &str) -> &'static str {
    match cat {
        "crm" => "#f4a261",
        "marketing-automation" => "#e9c46a",
        "analytics" => "#2a9d8f",
        "email" => "#8ab17d",
        "ads" => "#e76f51",
        "seo" => "#90be6d",
        "social" => "#4d908e",
        "cms" => "#577590",
        "attribution" => "#b5838d",
        "abm" => "#6d597a",
        "warehouse" => "#adb5bd",
        _ => "#dee2e6",
    }
}

fn dot_id(s: &str) -> String {
    crate::render::escape::dot_string(s)
}

use crate::render::escape::{mermaid_id, mermaid_label};

fn user_nodes(gr: &Graph, kind: NodeKind) -> Vec<NodeIndex> {
    gr.g.node_indices().filter(|&i| gr.g[i].kind == kind && gr.g[i].file != FileId::PRELUDE).collect()
}

/// The steps of a campaign node, in source order.
fn campaign_steps(gr: &Graph, c: NodeIndex) -> Vec<NodeIndex> {
    let mut steps: Vec<NodeIndex> =
        gr.g.edges(c)
            .filter(|e| e.weight().kind == EdgeKind::References && gr.g[e.target()].kind == NodeKind::Step)
            .map(|e| e.target())
            .collect();
    steps.sort_by_key(|s| gr.g[*s].span.start());
    steps
}

/// One drawn edge between two steps: the artifacts handed over (empty for a
/// plain `after`), and whether it is a link of the critical path.
struct StepEdge {
    from: NodeIndex,
    to: NodeIndex,
    artifacts: Vec<String>,
    critical: bool,
}

/// The `after` and `artifact` edges among `steps`, merged per pair, ordered
/// by target then source position.
fn step_edges(gr: &Graph, steps: &[NodeIndex]) -> Vec<StepEdge> {
    let mut out: Vec<StepEdge> = Vec::new();
    for &s in steps {
        let mut incoming: Vec<_> =
            gr.g.edges_directed(s, petgraph::Direction::Incoming)
                .filter(|e| gr.g[e.source()].kind == NodeKind::Step)
                .collect();
        incoming.sort_by_key(|e| (gr.g[e.source()].span.start(), e.id().index()));
        for e in incoming {
            let idx = match out.iter().position(|x| x.from == e.source() && x.to == s) {
                Some(i) => i,
                None => {
                    out.push(StepEdge { from: e.source(), to: s, artifacts: Vec::new(), critical: false });
                    out.len() - 1
                }
            };
            if let EdgeKind::Artifact(a) = &e.weight().kind {
                if !out[idx].artifacts.contains(a) {
                    out[idx].artifacts.push(a.clone());
                }
            }
            out[idx].critical |= e.weight().critical;
        }
    }
    out
}

/// DOT (Graphviz) of the chosen parts of the graphs.
pub fn to_dot(graphs: &[Graph], only: Option<Only>) -> String {
    let mut out = String::from("digraph mops {\n  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (n, gr) in graphs.iter().enumerate() {
        if only.is_none() || only == Some(Only::Stack) {
            let _ = writeln!(out, "  subgraph cluster_stack_{n} {{\n    label=\"stack\";");
            for i in user_nodes(gr, NodeKind::Tool) {
                let node = &gr.g[i];
                let cat = node.ty.as_deref().unwrap_or("other");
                let _ = writeln!(
                    out,
                    "    {} [label=\"{}\\n({cat})\", fillcolor=\"{}\"];",
                    dot_id(&format!("tool:{n}:{}", node.name)),
                    node.name,
                    category_colour(cat)
                );
            }
            out.push_str("  }\n");
            for e in gr.g.edge_references().filter(|e| e.weight().kind == EdgeKind::Integrates) {
                let (a, b) = (&gr.g[e.source()], &gr.g[e.target()]);
                let _ = writeln!(
                    out,
                    "  {} -> {} [label=\"integrates\"];",
                    dot_id(&format!("tool:{n}:{}", a.name)),
                    dot_id(&format!("tool:{n}:{}", b.name))
                );
            }
        }
        if only.is_none() || only == Some(Only::Campaigns) {
            for c in user_nodes(gr, NodeKind::Campaign) {
                let cname = &gr.g[c].name;
                let _ = writeln!(
                    out,
                    "  subgraph {} {{\n    label={};",
                    dot_id(&format!("cluster_campaign:{n}:{cname}")),
                    dot_id(cname)
                );
                let steps = campaign_steps(gr, c);
                for s in &steps {
                    let node = &gr.g[*s];
                    let short = node.name.rsplit_once('.').map(|x| x.1).unwrap_or(&node.name);
                    let style = if node.critical { ", penwidth=2.5" } else { "" };
                    let _ = writeln!(
                        out,
                        "    {} [label=\"{short}\\n{}\"{style}];",
                        dot_id(&format!("step:{n}:{}", node.name)),
                        node.ty.as_deref().unwrap_or("")
                    );
                }
                out.push_str("  }\n");
                for e in step_edges(gr, &steps) {
                    let from = dot_id(&format!("step:{n}:{}", gr.g[e.from].name));
                    let to = dot_id(&format!("step:{n}:{}", gr.g[e.to].name));
                    let mut attrs = Vec::new();
                    match (e.artifacts.is_empty(), e.critical) {
                        (true, false) => attrs.push("style=dashed".to_string()),
                        (true, true) => attrs.push("style=\"dashed,bold\", penwidth=2.5".to_string()),
                        (false, crit) => {
                            attrs.push(format!("label={}", dot_id(&e.artifacts.join(", "))));
                            if crit {
                                attrs.push("style=bold, penwidth=2.5".to_string());
                            }
                        }
                    }
                    let _ = writeln!(out, "  {from} -> {to} [{}];", attrs.join(", "));
                }
            }
        }
        if only.is_none() || only == Some(Only::Imports) {
            for i in user_nodes(gr, NodeKind::File) {
                let _ = writeln!(
                    out,
                    "  {} [shape=note, label={}];",
                    dot_id(&format!("file:{}", gr.g[i].name)),
                    dot_id(&gr.g[i].name)
                );
            }
            for e in gr.g.edge_references().filter(|e| e.weight().kind == EdgeKind::Imports) {
                let _ = writeln!(
                    out,
                    "  {} -> {} [label=\"imports\"];",
                    dot_id(&format!("file:{}", gr.g[e.source()].name)),
                    dot_id(&format!("file:{}", gr.g[e.target()].name))
                );
            }
        }
    }
    out.push_str("}\n");
    out
}

/// Mermaid `flowchart` of the chosen parts.
pub fn to_mermaid(graphs: &[Graph], only: Option<Only>) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut crit_links = Vec::new();
    let mut link_no = 0usize;
    for (n, gr) in graphs.iter().enumerate() {
        if only.is_none() || only == Some(Only::Stack) {
            let _ = writeln!(out, "  subgraph stack_{n}[stack]");
            for i in user_nodes(gr, NodeKind::Tool) {
                let node = &gr.g[i];
                let _ = writeln!(
                    out,
                    "    {}[\"{}<br/>({})\"]",
                    mermaid_id(&format!("tool{n}"), &node.name),
                    mermaid_label(&node.name),
                    mermaid_label(node.ty.as_deref().unwrap_or("other"))
                );
            }
            out.push_str("  end\n");
            for e in gr.g.edge_references().filter(|e| e.weight().kind == EdgeKind::Integrates) {
                let _ = writeln!(
                    out,
                    "  {} -->|integrates| {}",
                    mermaid_id(&format!("tool{n}"), &gr.g[e.source()].name),
                    mermaid_id(&format!("tool{n}"), &gr.g[e.target()].name)
                );
                link_no += 1;
            }
            for i in user_nodes(gr, NodeKind::Tool) {
                let node = &gr.g[i];
                let _ = writeln!(
                    out,
                    "  style {} fill:{}",
                    mermaid_id(&format!("tool{n}"), &node.name),
                    category_colour(node.ty.as_deref().unwrap_or("other"))
                );
            }
        }
        if only.is_none() || only == Some(Only::Campaigns) {
            for c in user_nodes(gr, NodeKind::Campaign) {
                let cname = gr.g[c].name.clone();
                let _ = writeln!(
                    out,
                    "  subgraph {}[\"{}\"]",
                    mermaid_id(&format!("campaign{n}"), &cname),
                    mermaid_label(&cname)
                );
                let steps = campaign_steps(gr, c);
                for s in &steps {
                    let node = &gr.g[*s];
                    let short = node.name.rsplit_once('.').map(|x| x.1).unwrap_or(&node.name);
                    let _ = writeln!(
                        out,
                        "    {}[\"{}<br/>{}\"]",
                        mermaid_id(&format!("step{n}"), &node.name),
                        mermaid_label(short),
                        mermaid_label(node.ty.as_deref().unwrap_or(""))
                    );
                }
                out.push_str("  end\n");
                for e in step_edges(gr, &steps) {
                    let from = mermaid_id(&format!("step{n}"), &gr.g[e.from].name);
                    let to = mermaid_id(&format!("step{n}"), &gr.g[e.to].name);
                    let arrow = match (e.artifacts.is_empty(), e.critical) {
                        (true, false) => "-.->".to_string(),
                        (true, true) => "==>".to_string(),
                        (false, false) => format!("-->|\"{}\"|", mermaid_label(&e.artifacts.join(", "))),
                        (false, true) => format!("==>|\"{}\"|", mermaid_label(&e.artifacts.join(", "))),
                    };
                    let _ = writeln!(out, "  {from} {arrow} {to}");
                    if e.critical {
                        crit_links.push(link_no);
                    }
                    link_no += 1;
                }
                for s in &steps {
                    if gr.g[*s].critical {
                        let _ = writeln!(
                            out,
                            "  style {} stroke-width:3px",
                            mermaid_id(&format!("step{n}"), &gr.g[*s].name)
                        );
                    }
                }
            }
        }
        if only.is_none() || only == Some(Only::Imports) {
            for i in user_nodes(gr, NodeKind::File) {
                let _ = writeln!(out, "  {}[\"{}\"]", mermaid_id("file", &gr.g[i].name), mermaid_label(&gr.g[i].name));
            }
            for e in gr.g.edge_references().filter(|e| e.weight().kind == EdgeKind::Imports) {
                let _ = writeln!(
                    out,
                    "  {} -->|imports| {}",
                    mermaid_id("file", &gr.g[e.source()].name),
                    mermaid_id("file", &gr.g[e.target()].name)
                );
                link_no += 1;
            }
        }
    }
    for l in crit_links {
        let _ = writeln!(out, "  linkStyle {l} stroke-width:3px");
    }
    out
}

/// JSON: nodes and edges of the chosen parts (prelude declarations left out).
pub fn to_json(graphs: &[Graph], files: &Files, only: Option<Only>) -> String {
    let keep_node = |k: NodeKind| match only {
        None => true,
        Some(Only::Stack) => k == NodeKind::Tool,
        Some(Only::Campaigns) => matches!(k, NodeKind::Campaign | NodeKind::Step),
        Some(Only::Imports) => k == NodeKind::File,
    };
    let mut sets = Vec::new();
    for gr in graphs {
        let nodes: Vec<NodeIndex> =
            gr.g.node_indices().filter(|&i| gr.g[i].file != FileId::PRELUDE && keep_node(gr.g[i].kind)).collect();
        let ids: HashMap<NodeIndex, String> =
            nodes.iter().map(|&i| (i, format!("{}:{}", gr.g[i].kind.as_str(), gr.g[i].name))).collect();
        let node_json: Vec<_> = nodes
            .iter()
            .map(|&i| {
                let n = &gr.g[i];
                let (line, column) = files.line_col(n.file, n.span.start());
                json!({"id": ids[&i], "kind": n.kind.as_str(), "name": n.name, "type": n.ty, "file": files.get(n.file).name, "line": line, "column": column, "critical": n.critical})
            })
            .collect();
        let mut edge_json = Vec::new();
        for e in gr.g.edge_references() {
            let (Some(a), Some(b)) = (ids.get(&e.source()), ids.get(&e.target())) else { continue };
            let w = e.weight();
            let label = match &w.kind {
                EdgeKind::Artifact(a) => Some(a.clone()),
                _ => None,
            };
            edge_json
                .push(json!({"from": a, "to": b, "kind": w.kind.as_str(), "artifact": label, "critical": w.critical}));
        }
        sets.push(json!({"nodes": node_json, "edges": edge_json}));
    }
    let mut s = serde_json::to_string_pretty(&json!({"version": 1, "graphs": sets})).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod mermaid_tests {
    use super::*;

    #[test]
    fn distinct_names_get_distinct_ids_and_labels_cannot_break_out() {
        let names = ["a-b", "a_b", "a.b", "a__b", "a_db", "a b", "ab"];
        let ids: std::collections::HashSet<String> = names.iter().map(|n| mermaid_id("step0", n)).collect();
        assert_eq!(ids.len(), names.len(), "{ids:?}");
        assert!(ids.iter().all(|i| i.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')));
        assert_eq!(mermaid_label("say \"hi\"\n<b>|#"), "say #quot;hi#quot; #lt;b#gt;#124;#35;");
    }
}
