//! CHN: channels. A step's `channel` says where its audience meets it; the
//! table below is what mopsc knows of channels: the platform a channel runs
//! on (for the ad and social platforms) and the UTM sources that name it.
pub mod chn001;
pub mod chn002;
pub mod chn003;
pub mod chn004;

/// A platform: the channels that run on it, the UTM sources that name it
/// (GA4's source names), and the words of a tool's name that say a tool is
/// that platform's (`google-ads`, `linkedin-campaign-manager`).
pub struct Platform {
    pub name: &'static str,
    pub channels: &'static [&'static str],
    pub sources: &'static [&'static str],
    pub tool_words: &'static [&'static str],
}

pub static PLATFORMS: &[Platform] = &[
    Platform {
        name: "Google",
        channels: &["google-ads", "google", "google-search", "google-display", "youtube", "youtube-ads"],
        sources: &["google", "adwords", "youtube", "google-ads"],
        tool_words: &["google", "adwords", "youtube"],
    },
    Platform {
        name: "Microsoft",
        channels: &["bing-ads", "bing", "microsoft-ads"],
        sources: &["bing", "microsoft", "msn"],
        tool_words: &["bing", "microsoft"],
    },
    Platform {
        name: "LinkedIn",
        channels: &["linkedin", "linkedin-ads"],
        sources: &["linkedin", "lnkd-in"],
        tool_words: &["linkedin"],
    },
    Platform {
        name: "Meta",
        channels: &["meta", "meta-ads", "facebook", "facebook-ads", "instagram", "instagram-ads"],
        sources: &["facebook", "fb", "instagram", "ig", "meta"],
        tool_words: &["meta", "facebook", "instagram"],
    },
    Platform {
        name: "X",
        channels: &["x", "x-ads", "twitter", "twitter-ads"],
        sources: &["twitter", "x", "t-co"],
        tool_words: &["twitter"],
    },
    Platform { name: "Reddit", channels: &["reddit", "reddit-ads"], sources: &["reddit"], tool_words: &["reddit"] },
    Platform { name: "TikTok", channels: &["tiktok", "tiktok-ads"], sources: &["tiktok"], tool_words: &["tiktok"] },
];

/// Channels that run on no one platform.
pub static GENERIC: &[&str] = &[
    "email",
    "newsletter",
    "sms",
    "push",
    "in-app",
    "chat",
    "phone",
    "outbound",
    "direct-mail",
    "direct",
    "organic-search",
    "seo",
    "search",
    "paid-search",
    "social",
    "organic-social",
    "paid-social",
    "display",
    "programmatic",
    "video",
    "native",
    "affiliate",
    "partner",
    "referral",
    "influencer",
    "sponsorship",
    "podcast",
    "events",
    "webinar",
    "community",
    "content",
    "blog",
    "pr",
    "review-sites",
    "product-hunt",
    "app-store",
];

/// The platform a channel runs on.
pub fn platform_of(channel: &str) -> Option<&'static Platform> {
    PLATFORMS.iter().find(|p| p.channels.contains(&channel))
}

/// The platform a UTM source names (after UTM normalisation).
pub fn platform_of_source(source: &str) -> Option<&'static Platform> {
    PLATFORMS.iter().find(|p| p.sources.contains(&source))
}

/// The platform a tool's name says it is (one of its words, `-`-separated).
pub fn platform_of_tool(name: &str) -> Option<&'static Platform> {
    let words: Vec<&str> = name.split('-').collect();
    PLATFORMS.iter().find(|p| p.tool_words.iter().any(|w| words.contains(w)))
}

/// Every channel mopsc knows.
pub fn known() -> impl Iterator<Item = &'static str> {
    PLATFORMS.iter().flat_map(|p| p.channels.iter().copied()).chain(GENERIC.iter().copied())
}

#[cfg(test)]
mod tests {
    /// CHN001's explanation lists every channel of the table.
    #[test]
    fn chn001_lists_every_known_channel() {
        for c in super::known() {
            assert!(super::chn001::RULE.why.contains(&format!("`{c}`")), "{c}");
        }
    }

    #[test]
    fn platforms_of_channels_sources_and_tools() {
        assert_eq!(super::platform_of("linkedin").map(|p| p.name), Some("LinkedIn"));
        assert_eq!(super::platform_of("email").map(|p| p.name), None);
        assert_eq!(super::platform_of_source("google").map(|p| p.name), Some("Google"));
        assert_eq!(super::platform_of_tool("google-ads").map(|p| p.name), Some("Google"));
        assert_eq!(super::platform_of_tool("linkedin-campaign-manager").map(|p| p.name), Some("LinkedIn"));
        assert_eq!(super::platform_of_tool("hubspot").map(|p| p.name), None);
        assert_eq!(super::platform_of_tool("xero").map(|p| p.name), None);
    }
}
