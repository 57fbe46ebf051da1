//! `mopsc route`: route a marketing request to the skill that answers it,
//! through the routing matrix (the prelude's `route` blocks plus the
//! workspace's own). docs/route.md describes the method and its accuracy.
//!
//! Each skill is a document made of its routes' `says` phrases (weighted
//! highest), the seed's notes on the skill (`seed::SKILLS`), its summary and its name.
//! A request is normalised, stemmed (Snowball English) and stripped of stop
//! words, then scored against every skill with BM25F, plus bonuses for exact
//! `says` phrases and shared bigrams. The matrix's "not this" pairs separate
//! confusable skills by cue words (`seed::CUES`). When the request names a campaign
//! type, or its parts need the skills of three or more routes, the playbook
//! whose steps cover those skills is named too.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use crate::model::Model;

mod linear;
pub use linear::Training;
use linear::{Linear, Sample};

/// The router's weights (docs/route.md).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// BM25 term-frequency saturation.
    pub k1: f64,
    /// BM25 length normalisation (documents differ in length by their notes).
    pub b: f64,
    /// Field weights of a skill document (BM25F): `says` phrases, the seed's
    /// notes, the summary, the name.
    pub w_says: f64,
    pub w_hint: f64,
    pub w_summary: f64,
    pub w_name: f64,
    /// An exact `says` phrase in the request: this times the idf of its words
    /// (halved for a one-word phrase matched after stemming).
    pub w_phrase: f64,
    /// A request bigram found in a skill's phrases, notes or summary: this
    /// times the mean idf of its two words.
    pub w_bigram: f64,
    /// Per cue word of a confusable pair (see `seed::CUES`), above the other skill.
    pub w_cue: f64,
    /// A part of a request counts as needing a skill when its best score reaches this.
    pub segment_min: f64,
    /// Use the built-in knowledge (`seed::SKILLS`' hints, `seed::OPS_AREA_HINTS`, `seed::CUES`); off: the model's text alone.
    pub knowledge: bool,
    /// A one-word campaign-type phrase (`launch`, `ship`) names its playbook
    /// only when the rest of the request scores below this for every skill.
    pub weak_playbook_max: f64,
    /// The calibration: `(lowest margin, share right)` bins, by ascending
    /// margin, where margin = (best − second) / best. The confidence of an
    /// answer is the share of the calibration requests with that margin whose
    /// top-1 was right on the third blind set (Laplace-smoothed, the three
    /// lowest bins pooled; held by the test
    /// `calibration_is_the_third_blind_sets_shares`; docs/route.md).
    pub calibration: [(f64, f64); 5],
    /// Answers below this confidence are marked `low_margin`.
    pub low_confidence: f64,
    /// Use the example requests (`src/route/examples/*.tsv`): each skill
    /// also scores by the requests most like this one.
    pub examples: bool,
    /// How many nearest example requests vote.
    pub neighbours: usize,
    /// A neighbour's vote: this times its similarity to the request.
    pub w_example: f64,
    /// Within marketing-ops, an area's neighbour votes: this times their similarity.
    pub w_example_area: f64,
    /// The linear model's probability of a skill, times this, joins its score.
    pub w_linear: f64,
    /// A workspace route's phrase in the request adds this to its skill.
    pub w_own_phrase: f64,
    /// A prelude route's phrase in the request adds this to its skill.
    pub w_prelude_phrase: f64,
    /// The matrix's part (BM25F, phrases, bigrams), times this.
    pub w_matrix: f64,
    /// Within marketing-ops, the linear model's probability of an area, times this.
    pub w_linear_area: f64,
    /// The linear model's training.
    pub training: Training,
    /// The playbook model names a playbook at this probability (above 1: the
    /// model is not used) ...
    pub playbook_min: f64,
    /// ... and vetoes the rules' playbook when "none" has this probability.
    pub playbook_veto: f64,
    /// ... and the playbook of the request's parts' skills at this.
    pub playbook_veto_skills: f64,
    /// Correct a misspelt word to a known one (`analitics` → `analyt`).
    pub typos: bool,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            k1: 1.2,
            b: 0.5,
            w_says: 3.0,
            w_hint: 1.0,
            w_summary: 1.0,
            w_name: 2.0,
            w_phrase: 1.5,
            w_bigram: 1.0,
            w_cue: 1.0,
            segment_min: 2.0,
            knowledge: true,
            weak_playbook_max: 5.0,
            calibration: [(0.0, 0.41), (0.1, 0.49), (0.2, 0.6), (0.35, 0.83), (0.6, 0.98)],
            low_confidence: 0.65,
            examples: true,
            neighbours: 5,
            w_example: 0.3,
            w_example_area: 1.0,
            w_linear: 20.0,
            w_own_phrase: 30.0,
            w_prelude_phrase: 8.0,
            w_matrix: 1.0,
            w_linear_area: 20.0,
            training: Training { epochs: 5, rate: 4.0, l2: 1e-4 },
            playbook_min: 0.5,
            playbook_veto: 0.9,
            playbook_veto_skills: 0.99,
            typos: true,
        }
    }
}

/// Output formats of `mopsc route`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RouteFormat {
    Text,
    Json,
}

/// The skill of marketing ops's own areas (the prelude's ops-area routes).
const OPS_SKILL: &str = "marketing-ops";

/// Stop words: English function words and the filler of requests.
const STOP_WORDS: &str = "a about above after again against all am an and any are as at be because been before \
    being below between both but by can could did do does doing done down during each else few for from further \
    had has have having he her here hers herself him himself his how i if in into is it its itself just let lets \
    me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she \
    should so some such than that the their theirs them themselves then there these they this those through to too \
    under until up very was we were what when where which while who whom why will with would you your yours \
    yourself yourselves im ive id youre were weve theyre dont doesnt didnt isnt arent wasnt cant couldnt wont \
    wouldnt shouldnt havent hasnt whats thats theres lets us also really please help need needs want wants like \
    get got make made give take put together thing things stuff someone something anything way ways kind sort \
    bit lot lots maybe exactly actually just ok okay hey hi thanks thank";

/// A skill with the text the router knows it by.
#[derive(Debug, Clone)]
struct SkillDoc {
    name: String,
    /// Weighted term frequencies.
    tf: HashMap<String, f64>,
    /// Weighted length.
    len: f64,
    /// Bigrams of its phrases, notes and summary.
    bigrams: HashSet<(String, String)>,
}

/// A route as the router uses it.
#[derive(Debug, Clone)]
struct RouteDoc {
    name: String,
    to: String,
    /// Each `says` phrase: its words (stop words kept) and its content stems.
    says: Vec<(Vec<String>, Vec<String>)>,
    not: Option<String>,
    because: Option<String>,
    declares: Option<String>,
    command: Option<String>,
    /// The area's notes (`seed::OPS_AREA_HINTS`), as stems.
    hints: Vec<Vec<String>>,
    /// Declared by the workspace, not the prelude: the built-in examples
    /// know nothing of it, so its phrases weigh `Params::w_own_phrase` more.
    own: bool,
}

#[derive(Debug, Clone)]
struct PlaybookDoc {
    name: String,
    steps: Vec<String>,
    /// Sets of stems that name this campaign type: its name and its `says`.
    names: Vec<Vec<String>>,
}

/// An alternative skill and its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alternative {
    pub skill: String,
    pub score: f64,
}

/// The playbook a request needs, and how to start it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaybookAnswer {
    pub name: String,
    /// `campaign-type` (the request names one) or `skills` (its parts need
    /// three or more of the playbook's skills).
    pub by: &'static str,
    /// All steps, in the playbook's order.
    pub steps: Vec<String>,
    /// The first three steps: where to begin.
    pub first_steps: Vec<String>,
    /// The command that writes the orchestration plan as a campaign.
    pub start: String,
}

/// The answer to one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Routed {
    pub skill: String,
    /// The winning route: for `marketing-ops`, the ops area.
    pub route: Option<String>,
    pub score: f64,
    /// Calibrated probability that `skill` is right (0 to 1, 2 decimals).
    pub confidence: f64,
    /// The confidence is below `Params::low_confidence`: the runner-up is close.
    pub low_margin: bool,
    pub not: Option<String>,
    pub because: Option<String>,
    /// `not` is also the runner-up: the matrix's confusable pair is in play.
    pub not_is_runner_up: bool,
    /// For an ops area: the declaration and the mopsc command that serve it.
    pub declares: Option<String>,
    pub command: Option<String>,
    pub alternatives: Vec<Alternative>,
    /// The nearest example request (`src/route/examples/`) with the same
    /// answer, if any is among the nearest.
    pub like: Option<String>,
    pub playbook: Option<PlaybookAnswer>,
}

/// A normalised request: its words, the stems of all of them, and its
/// content stems (stop words and numbers dropped).
struct Query {
    words: Vec<String>,
    all: Vec<String>,
    stems: Vec<String>,
}

/// The example requests the router also learns from (knowledge as data,
/// docs/route.md): `request<TAB>label<TAB>playbook`, labels as in the
/// evaluation sets (`skill`, `marketing-ops/AREA`, `a|b`).
const EXAMPLE_FILES: [&str; 20] = [
    include_str!("route/examples/train1.tsv"),
    include_str!("route/examples/train2.tsv"),
    include_str!("route/examples/train3.tsv"),
    include_str!("route/examples/train4.tsv"),
    include_str!("route/examples/train5.tsv"),
    include_str!("route/examples/train6.tsv"),
    include_str!("route/examples/train7.tsv"),
    include_str!("route/examples/train8.tsv"),
    include_str!("route/examples/train9.tsv"),
    include_str!("route/examples/train10.tsv"),
    include_str!("route/examples/train11.tsv"),
    include_str!("route/examples/train12.tsv"),
    include_str!("route/examples/train13.tsv"),
    include_str!("route/examples/train14.tsv"),
    include_str!("route/examples/train15.tsv"),
    include_str!("route/examples/train16.tsv"),
    include_str!("route/examples/train17.tsv"),
    include_str!("route/examples/train18.tsv"),
    include_str!("route/examples/train19.tsv"),
    include_str!("route/examples/train20.tsv"),
];

/// The built-in example requests, one text per writer (docs/route.md).
pub fn example_files() -> &'static [&'static str] {
    &EXAMPLE_FILES
}

/// One example request: its acceptable labels (indices into
/// [`Examples::classes`]), its playbook and its stems.
#[derive(Debug, Clone)]
struct Example {
    text: &'static str,
    labels: Vec<usize>,
    playbook: Option<String>,
    /// Its content stems, in order.
    stems: Vec<String>,
    /// How many distinct content stems.
    len: f64,
}

/// What the router learns from the example requests, the same for every
/// model: the examples with an inverted index over their stems, and the
/// two linear models trained on them. Built once per process and set of
/// example files ([`Examples::learned`]).
#[derive(Debug, Default)]
struct Examples {
    items: Vec<Example>,
    /// The distinct labels (`copywriting`, `marketing-ops/lead-scoring`).
    classes: Vec<String>,
    postings: HashMap<String, Vec<usize>>,
    idf: HashMap<String, f64>,
    avg_len: f64,
    /// Over `classes`.
    linear: Option<Linear>,
    /// Over `playbooks`: index 0 is none.
    playbook_linear: Option<Linear>,
    playbooks: Vec<String>,
}

/// A neighbour of a request: an example's index and its similarity.
type Neighbour = (usize, f64);

/// What the learned models say of one request, computed once per request:
/// its features, the skill model's probability of each class, its nearest
/// examples.
struct Votes {
    features: Vec<String>,
    probabilities: Vec<f64>,
    neighbours: Vec<Neighbour>,
}

/// The router: skill documents, routes and playbooks of one model.
pub struct Router {
    p: Params,
    stemmer: Stemmer,
    stop: HashSet<&'static str>,
    skills: Vec<SkillDoc>,
    routes: Vec<RouteDoc>,
    playbooks: Vec<PlaybookDoc>,
    idf: HashMap<String, f64>,
    avg_len: f64,
    /// Cue pairs that the model's routes name: (favoured, other, cue stems).
    cues: Vec<(String, String, Vec<Vec<String>>)>,
    examples: Arc<Examples>,
    /// Each of the examples' classes as this model's (skill, area), if it has that skill.
    class_map: Vec<Option<(usize, Option<String>)>>,
}

/// Lowercase, drop apostrophes, split hyphens and other punctuation.
pub fn normalise(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace("a/b", "ab").replace("e-mail", "email");
    let cleaned: String = lower
        .chars()
        .filter(|c| *c != '\'' && *c != '\u{2019}')
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    cleaned.split_whitespace().map(str::to_string).collect()
}

impl Router {
    /// Build the router of a merged model (prelude plus workspace).
    pub fn new(model: &Model) -> Router {
        Router::with_params(model, Params::default())
    }

    /// Build with other weights, e.g. `knowledge: false` to measure what the
    /// built-in notes and cues add.
    pub fn with_params(model: &Model, p: Params) -> Router {
        Router::with_examples(model, p, &EXAMPLE_FILES)
    }

    /// Build with other example requests than the built-in ones (each text
    /// in the format of `src/route/examples/*.tsv`), e.g. to measure how
    /// the router does on one writer's requests when it learned from the
    /// others'.
    pub fn with_examples(model: &Model, p: Params, examples: &[&'static str]) -> Router {
        let knowledge = p.knowledge;
        let mut r = Router {
            p,
            stemmer: Stemmer::create(Algorithm::English),
            stop: STOP_WORDS.split_whitespace().collect(),
            skills: Vec::new(),
            routes: Vec::new(),
            playbooks: Vec::new(),
            idf: HashMap::new(),
            avg_len: 1.0,
            cues: Vec::new(),
            examples: Arc::new(Examples::default()),
            class_map: Vec::new(),
        };
        for route in &model.routes {
            let Some(to) = &route.data.to else { continue };
            let says = route
                .data
                .says
                .iter()
                .map(|s| {
                    let q = r.query(&s.value);
                    (q.words, q.stems)
                })
                .collect();
            r.routes.push(RouteDoc {
                name: route.name.value.to_string(),
                to: to.value.to_string(),
                says,
                not: route.data.not.as_ref().map(|n| n.value.to_string()),
                because: route.data.because.as_ref().map(|b| b.value.to_string()),
                declares: route.data.declares.as_ref().map(|b| b.value.to_string()),
                command: route.data.command.as_ref().map(|b| b.value.to_string()),
                own: route.file != crate::diagnostic::FileId::PRELUDE,
                hints: crate::seed::OPS_AREA_HINTS
                    .iter()
                    .filter(|(n, _)| knowledge && *n == &*route.name.value)
                    .flat_map(|(_, h)| h.split(';'))
                    .map(|part| r.query(part).stems)
                    .filter(|st| !st.is_empty())
                    .collect(),
            });
        }
        // Skills: the model's, then any route target the model lacks.
        let mut names: Vec<String> = model.skills.iter().map(|s| s.name.value.to_string()).collect();
        for route in &r.routes {
            if !names.contains(&route.to) {
                names.push(route.to.clone());
            }
        }
        for name in names {
            let mut doc = SkillDoc { name: name.clone(), tf: HashMap::new(), len: 0.0, bigrams: HashSet::new() };
            let says: Vec<Vec<String>> =
                r.routes.iter().filter(|x| x.to == name).flat_map(|x| x.says.iter().map(|s| s.1.clone())).collect();
            for stems in &says {
                add_field(&mut doc, stems, r.p.w_says, true);
            }
            for stems in r.routes.iter().filter(|x| x.to == name).flat_map(|x| x.hints.iter()) {
                add_field(&mut doc, stems, r.p.w_hint, true);
            }
            if let Some(hints) = crate::seed::skill(&name).and_then(|s| s.hints).filter(|_| knowledge) {
                for part in hints.split(';') {
                    let stems = r.query(part).stems;
                    add_field(&mut doc, &stems, r.p.w_hint, true);
                }
            }
            if let Some(summary) = model.skill(&name).and_then(|s| s.data.summary.as_ref()) {
                for part in summary.value.split([':', ',', '.']) {
                    let stems = r.query(part).stems;
                    add_field(&mut doc, &stems, r.p.w_summary, true);
                }
            }
            let stems = r.query(&name).stems;
            add_field(&mut doc, &stems, r.p.w_name, false);
            r.skills.push(doc);
        }
        let n = r.skills.len() as f64;
        let mut df: HashMap<String, f64> = HashMap::new();
        for d in &r.skills {
            for t in d.tf.keys() {
                *df.entry(t.clone()).or_default() += 1.0;
            }
        }
        r.idf = df.into_iter().map(|(t, df)| (t, bm25_idf(n, df))).collect();
        r.avg_len = if r.skills.is_empty() { 1.0 } else { r.skills.iter().map(|d| d.len).sum::<f64>() / n };
        for p in &model.playbooks {
            let mut names = vec![r.query(&p.name.value).stems];
            names.extend(p.data.says.iter().map(|a| r.query(&a.value).stems));
            names.retain(|n| !n.is_empty());
            r.playbooks.push(PlaybookDoc {
                name: p.name.value.to_string(),
                steps: p.data.steps.iter().map(|s| s.value.to_string()).collect(),
                names,
            });
        }
        for crate::seed::Cue { skill: a, over: b, words } in crate::seed::CUES.iter().filter(|_| knowledge) {
            let named = r
                .routes
                .iter()
                .any(|x| (x.to == *a && x.not.as_deref() == Some(b)) || (x.to == *b && x.not.as_deref() == Some(a)));
            if named && r.skills.iter().any(|s| s.name == *a) && r.skills.iter().any(|s| s.name == *b) {
                let cues = words
                    .split_whitespace()
                    .map(|w| match w.split_once('+') {
                        Some(_) => {
                            let mut set = vec!["+".to_string()];
                            set.extend(w.split('+').flat_map(|x| r.query(x).all));
                            set
                        }
                        None => r.query(&w.replace('-', " ")).all,
                    })
                    .collect();
                r.cues.push((a.to_string(), b.to_string(), cues));
            }
        }
        if r.p.examples {
            r.examples = Examples::learned(examples, &r.p, &r.stop, &r.stemmer);
            r.class_map = r
                .examples
                .classes
                .iter()
                .map(|l| {
                    let (skill, area) = match l.split_once('/') {
                        Some((s, a)) => (s, Some(a)),
                        None => (l.as_str(), None),
                    };
                    let i = r.skills.iter().position(|d| d.name == skill)?;
                    let area = area.filter(|a| r.routes.iter().any(|x| x.name == *a && x.to == skill));
                    Some((i, area.map(str::to_string)))
                })
                .collect();
        }
        r
    }

    /// Whether an example class is this answer: the skill, and the area
    /// when one is asked for.
    fn is_answer(&self, class: usize, skill: &str, area: Option<&str>) -> bool {
        self.class_map[class]
            .as_ref()
            .is_some_and(|(i, a)| self.skills[*i].name == skill && (area.is_none() || a.as_deref() == area))
    }

    /// The learned models' votes on a request.
    fn votes(&self, q: &Query) -> Votes {
        let features = linear::features(&q.stems);
        let probabilities = match &self.examples.linear {
            Some(lin) => lin.probabilities(&features),
            None => Vec::new(),
        };
        Votes { features, probabilities, neighbours: self.neighbours(q) }
    }

    /// The examples most like the request (BM25 over the examples, each
    /// stem once), best first, at most `Params::neighbours`.
    fn neighbours(&self, q: &Query) -> Vec<Neighbour> {
        let ex = &self.examples;
        if ex.items.is_empty() {
            return Vec::new();
        }
        let mut terms: Vec<&String> = q.stems.iter().collect();
        terms.sort();
        terms.dedup();
        let mut sim: HashMap<usize, f64> = HashMap::new();
        for t in terms {
            let Some(ids) = ex.postings.get(t) else { continue };
            let idf = ex.idf.get(t).copied().unwrap_or(0.0);
            for &id in ids {
                let len = ex.items[id].len;
                let norm = self.p.k1 * (1.0 - self.p.b + self.p.b * len / ex.avg_len);
                *sim.entry(id).or_default() += idf * (self.p.k1 + 1.0) / (1.0 + norm);
            }
        }
        let mut out: Vec<Neighbour> = sim.into_iter().collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(self.p.neighbours);
        out
    }

    /// Normalise and stem a text: its words, and its content stems.
    fn query(&self, text: &str) -> Query {
        let words = normalise(text);
        let all = words.iter().map(|w| self.stemmer.stem(w).into_owned()).collect();
        let stems =
            words.iter().filter(|w| is_content(&self.stop, w)).map(|w| self.stemmer.stem(w).into_owned()).collect();
        Query { words, all, stems }
    }

    /// A request as routed: like [`Router::query`], and a content word the
    /// router does not know is split into two known words (`copyedit`) or
    /// cut to the longest known stem it starts with (`robotify` → `robot`).
    fn request(&self, text: &str) -> Query {
        let mut q = self.query(text);
        let mut stems = Vec::with_capacity(q.stems.len());
        for t in std::mem::take(&mut q.stems) {
            if self.knows(&t) {
                stems.push(t);
            } else if let Some(parts) = self.decompound(&t) {
                stems.extend(parts);
            } else if let Some(c) = self.correction(&t).filter(|_| self.p.typos) {
                stems.push(c);
            } else if let Some(p) = self.known_prefix(&t) {
                stems.push(p);
            } else {
                stems.push(t);
            }
        }
        q.stems = stems;
        q
    }

    fn decompound(&self, word: &str) -> Option<[String; 2]> {
        let chars: Vec<char> = word.chars().collect();
        (3..chars.len().saturating_sub(2)).find_map(|i| {
            let (l, r): (String, String) = (chars[..i].iter().collect(), chars[i..].iter().collect());
            if self.stop.contains(l.as_str()) || self.stop.contains(r.as_str()) {
                return None;
            }
            let (l, r) = (self.stemmer.stem(&l).into_owned(), self.stemmer.stem(&r).into_owned());
            (self.known_stem(&l) && self.known_stem(&r)).then_some([l, r])
        })
    }

    fn known_prefix(&self, stem: &str) -> Option<String> {
        (4..stem.len())
            .rev()
            .filter(|i| stem.is_char_boundary(*i))
            .map(|i| &stem[..i])
            .find_map(|p| (2 * p.len() >= stem.len() && self.known_stem(p)).then(|| p.to_string()))
    }

    /// A misspelt word's known stem: one edit away (two for a word of eight
    /// letters or more; a swap of neighbours is one edit), starting with
    /// the same letter; of several, the one the most example requests use.
    fn correction(&self, stem: &str) -> Option<String> {
        let chars: Vec<char> = stem.chars().collect();
        if chars.len() < 4 || chars.iter().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let max = if chars.len() >= 8 { 2 } else { 1 };
        let mut best: Option<(usize, usize, &String)> = None;
        for cand in self.examples.postings.keys().chain(self.idf.keys()) {
            // Cheap tests first: this runs over the whole vocabulary.
            if !cand.starts_with(chars[0]) || cand.len().abs_diff(stem.len()) > 4 * max {
                continue;
            }
            let cc: Vec<char> = cand.chars().collect();
            if cc.len().abs_diff(chars.len()) > max || cc.len() < 3 {
                continue;
            }
            let d = edit_distance(&chars, &cc);
            if d == 0 || d > max {
                continue;
            }
            let uses = self.examples.postings.get(cand).map_or(0, Vec::len);
            let better = match best {
                None => true,
                Some((bd, bu, bc)) => (d, std::cmp::Reverse(uses), cand) < (bd, std::cmp::Reverse(bu), bc),
            };
            if better {
                best = Some((d, uses, cand));
            }
        }
        best.map(|(_, _, c)| c.clone())
    }

    /// A stem of a skill document or of an example request.
    fn known_stem(&self, t: &str) -> bool {
        self.idf.contains_key(t) || self.examples.idf.contains_key(t)
    }

    fn idf(&self, t: &str) -> f64 {
        self.idf.get(t).copied().unwrap_or(0.0)
    }

    /// Whether any content word of the text is known to the router.
    pub fn knows_any(&self, text: &str) -> bool {
        self.request(text).stems.iter().any(|t| self.knows(t))
    }

    /// A stem of a skill document or of a campaign-type phrase.
    fn knows(&self, t: &str) -> bool {
        self.known_stem(t) || self.playbooks.iter().any(|p| p.names.iter().any(|n| n.iter().any(|x| x == t)))
    }

    /// Scores of every skill, in skill order.
    fn scores(&self, q: &Query, votes: &Votes) -> Vec<f64> {
        let mut terms: Vec<&String> = Vec::new();
        for t in &q.stems {
            if !terms.contains(&t) {
                terms.push(t);
            }
        }
        let qbigrams: Vec<(String, String)> = q.stems.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect();
        let mut scores: Vec<f64> = self
            .skills
            .iter()
            .map(|d| {
                let norm = self.p.k1 * (1.0 - self.p.b + self.p.b * d.len / self.avg_len);
                let mut s = 0.0;
                for t in &terms {
                    let tf = d.tf.get(*t).copied().unwrap_or(0.0);
                    if tf > 0.0 {
                        s += self.idf(t) * tf * (self.p.k1 + 1.0) / (tf + norm);
                    }
                }
                for (a, b) in &qbigrams {
                    if a != b && d.bigrams.contains(&(a.clone(), b.clone())) {
                        s += self.p.w_bigram * (self.idf(a) + self.idf(b)) / 2.0;
                    }
                }
                s
            })
            .collect();
        // Exact phrases of the routes.
        let mut own = vec![0.0_f64; scores.len()];
        for route in &self.routes {
            let Some(i) = self.skills.iter().position(|d| d.name == route.to) else { continue };
            for (words, stems) in &route.says {
                if stems.is_empty() {
                    continue;
                }
                let weight: f64 = stems.iter().map(|t| self.idf(t)).sum();
                let raw = contains_seq(&q.words, words);
                if raw || contains_seq(&q.stems, stems) {
                    let single = stems.len() == 1 && !raw;
                    scores[i] += self.p.w_phrase * weight * if single { 0.5 } else { 1.0 };
                    let flat = if route.own { self.p.w_own_phrase } else { self.p.w_prelude_phrase };
                    own[i] = own[i].max(flat);
                }
            }
        }
        for (v, o) in scores.iter_mut().zip(&own) {
            *v = *v * self.p.w_matrix + o;
        }
        // The linear model's probabilities.
        for (c, p) in votes.probabilities.iter().enumerate() {
            if let Some((i, _)) = &self.class_map[c] {
                scores[*i] += self.p.w_linear * p;
            }
        }
        // The examples most like the request vote for their labels.
        for &(id, sim) in &votes.neighbours {
            let e = &self.examples.items[id];
            let share = 1.0 / e.labels.len() as f64;
            for (i, _) in e.labels.iter().filter_map(|c| self.class_map[*c].as_ref()) {
                scores[*i] += self.p.w_example * sim * share;
            }
        }
        // Confusable pairs: when both skills of a "not this" pair are among
        // the top three, the cue words decide between them.
        let ranked = rank(&scores);
        let top3: Vec<usize> = ranked.iter().take(3).copied().collect();
        let mut net: Vec<((usize, usize), i32)> = Vec::new();
        for (a, b, cues) in &self.cues {
            let (Some(ia), Some(ib)) =
                (self.skills.iter().position(|d| d.name == *a), self.skills.iter().position(|d| d.name == *b))
            else {
                continue;
            };
            if scores[ia] <= 0.0 || scores[ib] <= 0.0 || !top3.contains(&ia) || !top3.contains(&ib) {
                continue;
            }
            let n = cues.iter().filter(|c| cue_matches(&q.all, c)).count() as i32;
            let key = (ia.min(ib), ia.max(ib));
            let signed = if ia < ib { n } else { -n };
            match net.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => *v += signed,
                None => net.push((key, signed)),
            }
        }
        // Each decided pair adds to its winner's score, per net cue.
        for ((lo, hi), n) in net {
            if n != 0 {
                let win = if n > 0 { lo } else { hi };
                scores[win] += self.p.w_cue * f64::from(n.abs());
            }
        }
        scores
    }

    /// Route a request; `None` when no content word of it is known.
    pub fn route(&self, request: &str, top: usize) -> Option<Routed> {
        let q = self.request(request);
        if !q.stems.iter().any(|t| self.knows(t)) {
            return None;
        }
        let votes = self.votes(&q);
        let scores = self.scores(&q, &votes);
        let ranked = rank(&scores);
        let best = *ranked.first()?;
        let (mut playbook, weak) = self.playbook(request, &q, &votes);
        if scores[best] <= 0.0 && playbook.is_none() {
            return None;
        }
        // An ops area is not a campaign: its parts name no playbook.
        if self.skills[best].name == OPS_SKILL && playbook.as_ref().is_some_and(|p| p.by == "skills") {
            playbook = None;
        }
        // A request that names a campaign type starts where its playbook
        // starts when its best skill is not one of the playbook's steps, or
        // when it asks for no skill in particular (a one-word phrase).
        let mut chosen = best;
        if let Some(p) = playbook.as_ref().filter(|p| p.by == "campaign-type") {
            let steps = self.playbooks.iter().find(|d| d.name == p.name).map(|d| d.steps.clone()).unwrap_or_default();
            if weak || !steps.contains(&self.skills[best].name) {
                if let Some(i) = steps.first().and_then(|f| self.skills.iter().position(|d| d.name == *f)) {
                    chosen = i;
                }
            }
        }
        let skill = self.skills[chosen].name.clone();
        let others: Vec<usize> = ranked.iter().copied().filter(|i| *i != chosen && scores[*i] > 0.0).collect();
        let second = others.first().map(|i| scores[*i]).unwrap_or(0.0);
        let top_score = scores[chosen];
        let margin = if top_score > 0.0 { (top_score - second) / top_score } else { 0.0 };
        let confidence = round2(self.confidence(margin));
        let route = self.best_route(&skill, &q, &votes);
        // The nearest example request with this answer: why, in words.
        let like = votes
            .neighbours
            .iter()
            .map(|(id, _)| &self.examples.items[*id])
            .find(|e| {
                let area = route.map(|r| r.name.as_str()).filter(|_| skill == OPS_SKILL);
                e.labels.iter().any(|c| self.is_answer(*c, &skill, area))
            })
            .map(|e| e.text.to_string());
        let runner = others.first().map(|i| self.skills[*i].name.clone());
        // The matrix's "not this": the winning route's, or, when the
        // runner-up is the confusable skill of another of the winner's
        // routes, that route's.
        let confusable = runner.as_ref().and_then(|ru| {
            route.filter(|r| r.not.as_ref() == Some(ru)).or_else(|| {
                // Another route of the winner, only when the request
                // speaks of it too (a word of its phrases).
                self.routes.iter().find(|r| {
                    r.to == skill
                        && r.not.as_ref() == Some(ru)
                        && r.says.iter().any(|(_, st)| st.iter().any(|t| q.stems.contains(t)))
                })
            })
        });
        let (not, because) = match confusable.or(route) {
            Some(r) => (r.not.clone(), r.because.clone()),
            None => (None, None),
        };
        // The learned models give every skill a sliver of probability:
        // an alternative must score at least 0.001 as shown.
        let alternatives = others
            .iter()
            .filter(|i| round3(scores[**i]) > 0.0)
            .take(top.saturating_sub(1))
            .map(|i| Alternative { skill: self.skills[*i].name.clone(), score: round3(scores[*i]) })
            .collect();
        Some(Routed {
            skill,
            route: route.map(|r| r.name.clone()),
            score: round3(top_score),
            confidence,
            low_margin: confidence < self.p.low_confidence,
            not,
            because,
            not_is_runner_up: confusable.is_some(),
            declares: route.and_then(|r| r.declares.clone()),
            command: route.and_then(|r| r.command.clone()),
            alternatives,
            like,
            playbook,
        })
    }

    /// The calibrated confidence of a margin (docs/route.md): the share
    /// right of its calibration bin; below the first bin, the first bin's.
    pub fn confidence(&self, margin: f64) -> f64 {
        let bins = &self.p.calibration;
        bins.iter().rev().find(|(lo, _)| margin >= *lo).or(bins.first()).map(|(_, c)| *c).unwrap_or(0.5)
    }

    /// The route of `skill` that best matches the request: the idf of the
    /// stems it shares with the request, plus its exact phrases'.
    fn best_route(&self, skill: &str, q: &Query, votes: &Votes) -> Option<&RouteDoc> {
        let mut best: Option<(&RouteDoc, f64)> = None;
        for r in self.routes.iter().filter(|r| r.to == skill) {
            let mut seen: Vec<&String> = Vec::new();
            let mut overlap = 0.0;
            for t in r.says.iter().flat_map(|s| s.1.iter()) {
                if q.stems.contains(t) && !seen.contains(&t) {
                    seen.push(t);
                    overlap += self.idf(t);
                }
            }
            for (words, stems) in &r.says {
                if contains_seq(&q.words, words) || contains_seq(&q.stems, stems) {
                    overlap += stems.iter().map(|t| self.idf(t)).sum::<f64>();
                }
            }
            // The area's notes count as its phrases do.
            for t in r.hints.iter().flatten() {
                if q.stems.contains(t) && !seen.contains(&t) {
                    seen.push(t);
                    overlap += self.idf(t);
                }
            }
            // And the linear model's probability of this area.
            let area = Some(r.name.as_str());
            for (c, p) in votes.probabilities.iter().enumerate() {
                if self.is_answer(c, skill, area) {
                    overlap += self.p.w_linear_area * p;
                }
            }
            // So do the votes of the neighbours labelled with this area.
            for (id, sim) in &votes.neighbours {
                let e = &self.examples.items[*id];
                if e.labels.iter().any(|c| self.is_answer(*c, skill, area)) {
                    overlap += self.p.w_example_area * sim / e.labels.len() as f64;
                }
            }
            if best.is_none_or(|(_, o)| overlap > o) {
                best = Some((r, overlap));
            }
        }
        best.map(|(r, _)| r)
    }

    fn answer(&self, p: &PlaybookDoc, by: &'static str) -> PlaybookAnswer {
        PlaybookAnswer {
            name: p.name.clone(),
            by,
            steps: p.steps.clone(),
            first_steps: p.steps.iter().take(3).cloned().collect(),
            start: format!("mopsc new campaign NAME --playbook {}", p.name),
        }
    }

    /// The playbook a request needs: one whose campaign type it names, else
    /// the one covering the skills its parts need when they are three or
    /// more. A one-word campaign-type phrase (`launch`) counts only when the
    /// rest of the request asks for no skill in particular.
    /// The flag is set when a one-word phrase named it.
    fn playbook(&self, request: &str, q: &Query, votes: &Votes) -> (Option<PlaybookAnswer>, bool) {
        let ruled = self.playbook_by_rules(request, q);
        let Some(lin) = &self.examples.playbook_linear else { return ruled };
        let probs = lin.probabilities(&votes.features);
        let best = (1..probs.len()).max_by(|a, b| probs[*a].total_cmp(&probs[*b]).then(b.cmp(a)));
        if let Some(b) = best.filter(|b| probs[*b] >= self.p.playbook_min) {
            if let Some(doc) = self.playbooks.iter().find(|d| d.name == self.examples.playbooks[b]) {
                return (Some(self.answer(doc, "campaign-type")), false);
            }
        }
        // The model's "none" vetoes a campaign-type phrase (`launch a PPC
        // campaign` is paid ads), not the skills of the request's parts.
        let veto = match ruled.0.as_ref().map(|p| p.by) {
            Some("campaign-type") => self.p.playbook_veto,
            _ => self.p.playbook_veto_skills,
        };
        if probs.first().is_some_and(|none| *none >= veto) {
            return (None, false);
        }
        ruled
    }

    /// The playbook the matrix's rules name: a campaign type's phrase in the
    /// request, or the skills of its parts.
    fn playbook_by_rules(&self, request: &str, q: &Query) -> (Option<PlaybookAnswer>, bool) {
        for p in &self.playbooks {
            if p.names.iter().any(|n| n.len() > 1 && n.iter().all(|t| q.stems.contains(t))) {
                return (Some(self.answer(p, "campaign-type")), false);
            }
        }
        for p in &self.playbooks {
            for n in p.names.iter().filter(|n| n.len() == 1) {
                if !q.stems.contains(&n[0]) {
                    continue;
                }
                let rest = Query {
                    words: Vec::new(),
                    all: q.all.iter().filter(|t| **t != n[0]).cloned().collect(),
                    stems: q.stems.iter().filter(|t| **t != n[0]).cloned().collect(),
                };
                let best = self.scores(&rest, &self.votes(&rest)).into_iter().fold(0.0, f64::max);
                if best < self.p.weak_playbook_max {
                    return (Some(self.answer(p, "campaign-type")), true);
                }
            }
        }
        let mut needed: Vec<String> = Vec::new();
        for part in segments(request) {
            let sq = self.request(&part);
            if sq.stems.is_empty() {
                continue;
            }
            let scores = self.scores(&sq, &self.votes(&sq));
            let Some(&i) = rank(&scores).first() else { continue };
            if scores[i] >= self.p.segment_min && !needed.contains(&self.skills[i].name) {
                needed.push(self.skills[i].name.clone());
            }
        }
        if needed.len() < 3 {
            return (None, false);
        }
        let mut best: Option<(&PlaybookDoc, usize)> = None;
        for p in &self.playbooks {
            let covered = needed.iter().filter(|s| p.steps.contains(s)).count();
            let better = match best {
                None => true,
                Some((b, c)) => covered > c || (covered == c && p.steps.len() < b.steps.len()),
            };
            if better {
                best = Some((p, covered));
            }
        }
        (best.filter(|(_, c)| *c >= 3).map(|(p, _)| self.answer(p, "skills")), false)
    }
}

fn add_field(doc: &mut SkillDoc, stems: &[String], weight: f64, bigrams: bool) {
    for t in stems {
        *doc.tf.entry(t.clone()).or_default() += weight;
        doc.len += weight;
    }
    if bigrams {
        for w in stems.windows(2) {
            doc.bigrams.insert((w[0].clone(), w[1].clone()));
        }
    }
}

/// A cue is a word sequence (`on-page`) or a set of words all present
/// anywhere (`what+write`), kept as stems; a set is marked by a leading `+`.
fn cue_matches(all: &[String], cue: &[String]) -> bool {
    match cue.first().map(String::as_str) {
        Some("+") => cue[1..].iter().all(|t| all.contains(t)),
        _ => contains_seq(all, cue),
    }
}

impl Examples {
    /// The examples of these files, learned once per process (the files
    /// are static; the key is where they are and the training settings).
    fn learned(files: &[&'static str], p: &Params, stop: &HashSet<&'static str>, stemmer: &Stemmer) -> Arc<Examples> {
        type Cache = Mutex<HashMap<(Vec<(usize, usize)>, [u64; 5]), Arc<Examples>>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let t = p.training;
        let key = (
            files.iter().map(|f| (f.as_ptr() as usize, f.len())).collect::<Vec<_>>(),
            [
                t.epochs as u64,
                t.rate.to_bits(),
                t.l2.to_bits(),
                u64::from(p.w_linear > 0.0 || p.w_linear_area > 0.0),
                u64::from(p.playbook_min <= 1.0),
            ],
        );
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(e) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return e;
        }
        let e = Arc::new(Examples::learn(files, p, stop, stemmer));
        if let Ok(mut c) = cache.lock() {
            c.insert(key, e.clone());
        }
        e
    }

    /// Index the example requests and train the linear models on them.
    fn learn(files: &[&'static str], p: &Params, stop: &HashSet<&'static str>, stemmer: &Stemmer) -> Examples {
        let mut ex = Examples::default();
        let mut memo: HashMap<String, String> = HashMap::new();
        for line in files.iter().flat_map(|f| f.lines()) {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(text), Some(label)) = (cols.next(), cols.next()) else { continue };
            let playbook = cols.next().map(str::trim).filter(|p| !p.is_empty()).map(str::to_string);
            let mut labels = Vec::new();
            for l in label.split('|').map(str::trim).filter(|l| !l.is_empty()) {
                let c = match ex.classes.iter().position(|x| x == l) {
                    Some(c) => c,
                    None => {
                        ex.classes.push(l.to_string());
                        ex.classes.len() - 1
                    }
                };
                labels.push(c);
            }
            // Stemmed through a memo: the examples share most of their words.
            let ordered: Vec<String> = normalise(text)
                .into_iter()
                .filter(|w| is_content(stop, w))
                .map(|w| memo.entry(w).or_insert_with_key(|w| stemmer.stem(w).into_owned()).clone())
                .collect();
            let mut stems = ordered.clone();
            stems.sort();
            stems.dedup();
            if stems.is_empty() || labels.is_empty() {
                continue;
            }
            let id = ex.items.len();
            for t in &stems {
                ex.postings.entry(t.clone()).or_default().push(id);
            }
            ex.items.push(Example { text, labels, playbook, stems: ordered, len: stems.len() as f64 });
        }
        let n = ex.items.len() as f64;
        ex.idf = ex.postings.iter().map(|(t, ids)| (t.clone(), bm25_idf(n, ids.len() as f64))).collect();
        ex.avg_len = if ex.items.is_empty() { 1.0 } else { ex.items.iter().map(|e| e.len).sum::<f64>() / n };
        let features: Vec<Vec<String>> = ex.items.iter().map(|e| linear::features(&e.stems)).collect();
        if p.w_linear > 0.0 || p.w_linear_area > 0.0 {
            let samples: Vec<Sample> = ex
                .items
                .iter()
                .zip(&features)
                .map(|(e, f)| Sample { features: f.clone(), classes: e.labels.clone() })
                .collect();
            ex.linear = Some(Linear::train(&samples, ex.classes.len(), p.training));
        }
        if p.playbook_min <= 1.0 {
            ex.playbooks = vec![String::new()];
            for e in &ex.items {
                if let Some(pb) = e.playbook.as_ref().filter(|pb| !ex.playbooks.contains(pb)) {
                    ex.playbooks.push(pb.clone());
                }
            }
            let samples: Vec<Sample> = ex
                .items
                .iter()
                .zip(features)
                .map(|(e, f)| {
                    let c = e.playbook.as_ref().and_then(|pb| ex.playbooks.iter().position(|x| x == pb));
                    Sample { features: f, classes: vec![c.unwrap_or(0)] }
                })
                .collect();
            ex.playbook_linear = Some(Linear::train(&samples, ex.playbooks.len(), p.training));
        }
        ex
    }
}

/// BM25's inverse document frequency of a term in `df` of `n` documents.
fn bm25_idf(n: f64, df: f64) -> f64 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Whether a word carries content: not a stop word, not a number.
fn is_content(stop: &HashSet<&'static str>, word: &str) -> bool {
    !stop.contains(word) && !word.chars().all(|c| c.is_ascii_digit())
}

/// Edit distance with swaps of neighbours (optimal string alignment).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, v) in d[0].iter_mut().enumerate() {
        *v = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// Whether `needle` occurs contiguously in `hay`.
fn contains_seq(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// Indices by descending score, ties in declaration order.
fn rank(scores: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]).then(a.cmp(b)));
    idx
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The parts of a request: split at punctuation and at `and`, `plus`,
/// `then`, `with`.
fn segments(request: &str) -> Vec<String> {
    let mut out = Vec::new();
    for piece in request.split([',', ';', ':', '&', '+', '.', '/']) {
        let mut cur = String::new();
        for w in piece.split_whitespace() {
            if matches!(w.to_lowercase().as_str(), "and" | "plus" | "then" | "with") {
                out.push(std::mem::take(&mut cur));
            } else {
                cur.push_str(w);
                cur.push(' ');
            }
        }
        out.push(cur);
    }
    out.retain(|s| !s.trim().is_empty());
    out
}

/// The human answer.
pub fn render_text(r: &Routed, model: &Model) -> String {
    let conf = format!("confidence {:.0}%{}", r.confidence * 100.0, if r.low_margin { ", low margin" } else { "" });
    let mut s = match &r.route {
        Some(route) => format!("Route to: {} (route {route}, score {:.3}, {conf})\n", r.skill, r.score),
        None => format!("Route to: {} (score {:.3}, {conf})\n", r.skill, r.score),
    };
    if let Some(summary) = model.skill(&r.skill).and_then(|d| d.data.summary.as_ref()) {
        s.push_str(&format!("  {}\n", summary.value));
    }
    if let Some(d) = &r.declares {
        s.push_str(&format!("Declare: {d}\n"));
    }
    if let Some(c) = &r.command {
        s.push_str(&format!("Run: {c}\n"));
    }
    let runner = if r.not_is_runner_up { " (the runner-up)" } else { "" };
    match (&r.not, &r.because) {
        (Some(n), Some(b)) => s.push_str(&format!("Not {n}{runner}: {b}\n")),
        (Some(n), None) => s.push_str(&format!("Not {n}{runner}\n")),
        (None, Some(b)) => s.push_str(&format!("Note: {b}\n")),
        (None, None) => {}
    }
    if let Some(like) = &r.like {
        s.push_str(&format!("Like: \"{like}\" (a request it learned from)\n"));
    }
    if r.low_margin && r.playbook.as_ref().is_some_and(|p| p.by == "campaign-type") {
        s.push_str("Low margin: the request names a campaign type more than a skill; start with the playbook below\n");
    } else if r.low_margin {
        match r.alternatives.first() {
            Some(a) => s.push_str(&format!(
                "Low margin: {} scores {:.3} against {:.3}; read both skills before choosing\n",
                a.skill, a.score, r.score
            )),
            None => s.push_str("Low margin: few words of the request are known; say more about the task\n"),
        }
    }
    if !r.alternatives.is_empty() {
        let alts: Vec<String> = r.alternatives.iter().map(|a| format!("{} ({:.3})", a.skill, a.score)).collect();
        s.push_str(&format!("Alternatives: {}\n", alts.join(", ")));
    }
    if let Some(p) = &r.playbook {
        s.push_str(&format!("Playbook: {} ({})\n", p.name, p.steps.join(" -> ")));
        let first: Vec<String> = p
            .first_steps
            .iter()
            .enumerate()
            .map(|(i, step)| match model.skill(step).and_then(|d| d.data.summary.as_ref()) {
                Some(sum) => format!("  {}. {step}: {}", i + 1, sum.value),
                None => format!("  {}. {step}", i + 1),
            })
            .collect();
        s.push_str(&format!("First steps:\n{}\n", first.join("\n")));
        s.push_str(&format!("Plan it: {}\n", p.start));
    }
    s
}
