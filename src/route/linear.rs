//! The router's linear model: multinomial logistic regression over the
//! stems and stem pairs of the example requests (`src/route/examples/`),
//! trained when a router is built (deterministically: fixed order, fixed
//! steps) and kept for the process. Each skill's score is a sum of word
//! weights, a transparent model (docs/route.md).

use std::collections::HashMap;

/// The training settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Training {
    pub epochs: usize,
    pub rate: f64,
    pub l2: f64,
}

/// One training request: its features and its acceptable classes.
pub struct Sample {
    pub features: Vec<String>,
    pub classes: Vec<usize>,
}

/// Trained weights: per feature, one weight per class (rows of `weights`,
/// in the order of `index`); and a bias per class.
#[derive(Debug)]
pub struct Linear {
    index: HashMap<String, usize>,
    weights: Vec<f64>,
    bias: Vec<f64>,
}

/// The features of a request's content stems: each stem once, and each
/// pair of adjacent stems (`lead score`).
pub fn features(stems: &[String]) -> Vec<String> {
    let mut f: Vec<String> = stems.to_vec();
    f.extend(stems.windows(2).filter(|w| w[0] != w[1]).map(|w| format!("{} {}", w[0], w[1])));
    f.sort();
    f.dedup();
    f
}

impl Linear {
    /// Stochastic gradient descent on the cross-entropy with L2, in a fixed
    /// order that interleaves the classes (the files are grouped by label).
    pub fn train(samples: &[Sample], classes: usize, t: Training) -> Linear {
        let mut index: HashMap<String, usize> = HashMap::new();
        let rows: Vec<Vec<usize>> = samples
            .iter()
            .map(|s| {
                s.features
                    .iter()
                    .map(|f| {
                        let next = index.len();
                        *index.entry(f.clone()).or_insert(next)
                    })
                    .collect()
            })
            .collect();
        let mut m = Linear { weights: vec![0.0; index.len() * classes], index, bias: vec![0.0; classes] };
        if classes == 0 {
            return m;
        }
        let n = samples.len();
        // A fixed permutation: a stride coprime with n.
        let stride = (1..).map(|k| 7919 * k + 1).find(|s| gcd(*s, n.max(1)) == 1).unwrap_or(1);
        let order: Vec<usize> = (0..n).map(|i| (i * stride) % n.max(1)).collect();
        let mut z = vec![0.0; classes];
        for epoch in 0..t.epochs {
            let rate = t.rate / (1.0 + epoch as f64 * 0.5);
            for &i in &order {
                let (row, s) = (&rows[i], &samples[i]);
                if row.is_empty() || s.classes.is_empty() {
                    continue;
                }
                let x = 1.0 / (row.len() as f64).sqrt();
                z.copy_from_slice(&m.bias);
                for f in row {
                    for (zc, wc) in z.iter_mut().zip(&m.weights[f * classes..(f + 1) * classes]) {
                        *zc += wc * x;
                    }
                }
                softmax(&mut z);
                let share = 1.0 / s.classes.len() as f64;
                for c in &s.classes {
                    z[*c] -= share;
                }
                for (b, g) in m.bias.iter_mut().zip(&z) {
                    *b -= rate * g;
                }
                for f in row {
                    for (w, g) in m.weights[f * classes..(f + 1) * classes].iter_mut().zip(&z) {
                        *w -= rate * (g * x + t.l2 * *w);
                    }
                }
            }
        }
        m
    }

    fn row(&self, feature: &str) -> Option<&[f64]> {
        let c = self.bias.len();
        self.index.get(feature).map(|f| &self.weights[f * c..(f + 1) * c])
    }

    /// The probability of each class for these features.
    pub fn probabilities(&self, features: &[String]) -> Vec<f64> {
        let mut z = self.bias.clone();
        let known: Vec<&[f64]> = features.iter().filter_map(|f| self.row(f)).collect();
        if known.is_empty() {
            return vec![0.0; self.bias.len()];
        }
        let x = 1.0 / (known.len() as f64).sqrt();
        for w in known {
            for (zc, wc) in z.iter_mut().zip(w) {
                *zc += wc * x;
            }
        }
        softmax(&mut z);
        z
    }
}

fn softmax(z: &mut [f64]) {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    if sum > 0.0 {
        for v in z.iter_mut() {
            *v /= sum;
        }
    }
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
