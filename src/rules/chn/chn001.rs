//! CHN001 unknown-channel.
use super::super::prelude::*;

pub static RULE: Rule = Rule {
    code: "CHN001",
    name: "unknown-channel",
    severity: Severity::Warning,
    fix: None,
    summary: "a step's `channel` is neither a channel mopsc knows nor a tool of the workspace",
    why: "The channel decides which link a step gets and which checks apply to it: a misspelt channel (`lnkedin`) is a step whose spend and traffic are reported under a channel nobody looks at. The channels mopsc knows: `google-ads`, `google`, `google-search`, `google-display`, `youtube`, `youtube-ads`, `bing-ads`, `bing`, `microsoft-ads`, `linkedin`, `linkedin-ads`, `meta`, `meta-ads`, `facebook`, `facebook-ads`, `instagram`, `instagram-ads`, `x`, `x-ads`, `twitter`, `twitter-ads`, `reddit`, `reddit-ads`, `tiktok`, `tiktok-ads`, `email`, `newsletter`, `sms`, `push`, `in-app`, `chat`, `phone`, `outbound`, `direct-mail`, `direct`, `organic-search`, `seo`, `search`, `paid-search`, `social`, `organic-social`, `paid-social`, `display`, `programmatic`, `video`, `native`, `affiliate`, `partner`, `referral`, `influencer`, `sponsorship`, `podcast`, `events`, `webinar`, `community`, `content`, `blog`, `pr`, `review-sites`, `product-hunt`, `app-store`; the name of any tool of the workspace is a channel too (`channel = google-ads` on the `google-ads` tool).",
    bad: include_str!("../../../tests/rules/CHN001/invalid.mops"),
    good: include_str!("../../../tests/rules/CHN001/valid.mops"),
    check,
};

fn check(cx: &Ctx, out: &mut Sink) {
    for &c in &cx.campaigns {
        for s in &c.data.steps {
            let Some(ch) = &s.channel else { continue };
            let name = ch.value.as_str();
            if super::known().any(|k| k == name) || cx.model.tool(name).is_some() {
                continue;
            }
            let mut names: Vec<&str> = super::known().collect();
            names.extend(user(&cx.model.tools).map(|t| t.name.value.as_str()));
            let hint = crate::schema::did_you_mean(name, names.iter().copied());
            out.report(c.file, ch.span, format!("step `{}` names an unknown channel `{name}`", s.name.value))
                .with_label(c.file, ch.span, "unknown channel")
                .with_help(hint.unwrap_or_else(|| {
                    "name a known channel (`mopsc explain CHN001` lists them) or a tool of the workspace".to_string()
                }));
        }
    }
}
