//! Deterministic synthetic ticket messages.

use lark_helpdesk_api::types::{TicketMessage, Timestamp};
use serde::Serialize;

/// The five documented message types, in the order the first five messages rotate
/// through them.
pub const MESSAGE_TYPES: [&str; 5] = ["text", "post", "image", "file", "media"];

/// A small, fast, seedable generator (SplitMix64): deterministic for a seed on every
/// platform, which is all synthetic data needs.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// An index in `0..len` (`len > 0`).
    fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        // `items` are the non-empty constant pools below.
        &items[self.index(items.len())]
    }

    fn pick_str(&mut self, items: &[&'static str]) -> &'static str {
        items[self.index(items.len())]
    }

    /// A key in the style of the platform's resource keys: `prefix` + a UUID-like tail.
    pub(crate) fn key(&mut self, prefix: &str) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        format!(
            "{prefix}{:08x}-{:04x}-{:04x}-{:04x}-{:012x}g",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xffff,
            b >> 48,
            b & 0xffff_ffff_ffff
        )
    }
}

/// FNV-1a of `text`: the seed of a ticket's synthetic messages.
pub(crate) fn seed_of(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

const USER_NAMES: [&str; 8] = [
    "李宁",
    "王芳",
    "张伟",
    "陈静",
    "Alice Chen",
    "Bob Smith",
    "Zhang Wei",
    "Émilie Dubois",
];

const TEXTS: [&str; 16] = [
    "进入人工服务。 @李宁 为你提供服务,开始聊起来吧~",
    "你好,我的账号无法登录,一直提示密码错误。",
    "请问发票什么时候可以开具?",
    "已为您重置密码,请查收短信验证码。",
    "感谢您的耐心等待,问题已经解决 🎉",
    "附件是错误截图,请帮忙看一下。",
    "订单号 20240101-8848 的退款进度如何?",
    "好的,收到 👍",
    "Hi, I can't export the monthly report.",
    "Could you share the error log, please?",
    "The issue is fixed in version 7.3.1, please update.",
    "He said \"it works on my machine\" \\o/",
    "Line one\nline two\twith a tab",
    "Thanks! <b>not html</b> & {\"not\":\"json\"}",
    "混合 mixed 文本 with English and 中文。",
    "Ticket escalated to tier 2 / 已升级至二线支持",
];

const POST_TITLES: [&str; 6] = [
    "周报 Weekly report",
    "故障说明",
    "Release notes 7.3",
    "操作指引:如何重置密码",
    "Incident summary",
    "",
];

const LINKS: [(&str, &str); 4] = [
    ("查看文档", "https://open.feishu.cn/document/home/index"),
    (
        "See the docs",
        "https://open.larksuite.com/document/home/index",
    ),
    ("帮助中心", "https://www.feishu.cn/hc/zh-CN/"),
    (
        "Status page",
        "https://status.larksuite.com/?ref=helpdesk&lang=en",
    ),
];

const FILE_NAMES: [&str; 5] = [
    "report.pdf",
    "日志.zip",
    "发票 2024-03.pdf",
    "data export (final).xlsx",
    "screenshot.png",
];

const MEDIA_NAMES: [&str; 3] = ["demo.mp4", "录屏.mov", "bug repro.mp4"];

/// `{"content": <content>, "msg_type": "<type>"}`, the shape of a message's `content`.
#[derive(Serialize)]
struct Envelope<'a, T> {
    content: T,
    msg_type: &'a str,
}

#[derive(Serialize)]
struct PostContent<'a> {
    title: &'a str,
    content: Vec<Vec<PostElement<'a>>>,
}

#[derive(Serialize)]
#[serde(tag = "tag", rename_all = "lowercase")]
enum PostElement<'a> {
    Text { text: &'a str },
    A { text: &'a str, href: &'a str },
    Img { image_key: String },
}

#[derive(Serialize)]
struct ImageContent {
    image_key: String,
}

#[derive(Serialize)]
struct FileContent<'a> {
    file_key: String,
    file_name: &'a str,
}

#[derive(Serialize)]
struct MediaContent<'a> {
    file_key: String,
    image_key: String,
    file_name: &'a str,
    duration: u64,
}

fn encode<T: Serialize>(msg_type: &str, content: T) -> String {
    serde_json::to_string(&Envelope { content, msg_type })
        .expect("plain structs of strings and numbers always serialise")
}

/// `n` realistic, deterministic ticket messages: the same `seed` always gives the same
/// messages.
///
/// * types: the first five messages are one of each of `text`, `post`, `image`, `file`
///   and `media` (in an order that depends on the seed), later ones are drawn at random
///   (about half `text`);
/// * `content` is the JSON-encoded string the platform sends, of exactly these shapes:
///   - text: `{"content":"<text>","msg_type":"text"}`
///   - post: `{"content":{"title":"..","content":[[{"tag":"text","text":".."},{"tag":"a","text":"..","href":"https://.."}]]},"msg_type":"post"}`
///   - image: `{"content":{"image_key":"img_v2_.."},"msg_type":"image"}`
///   - file: `{"content":{"file_key":"file_v2_..","file_name":".."},"msg_type":"file"}`
///   - media: `{"content":{"file_key":"file_v2_..","image_key":"img_v2_..","file_name":"..","duration":5120},"msg_type":"media"}`
///
///   The texts mix Chinese and English and include quotes, backslashes, newlines and
///   emoji, so that JSON escaping is exercised;
/// * `id` and `message_id` are numeric strings, strictly increasing;
/// * `created_at` is Unix milliseconds, strictly increasing (from a seed-dependent
///   moment of 2021-2022);
/// * `user_name` (Chinese and English names), `user_id` (`ou_` + 32 hex digits) and
///   `avatar_url` come from a small cast of users.
///
/// ```
/// let messages = lark_helpdesk_mock::generate_messages(10, 42);
/// assert_eq!(messages, lark_helpdesk_mock::generate_messages(10, 42));
/// assert_eq!(messages.len(), 10);
/// ```
pub fn generate_messages(n: usize, seed: u64) -> Vec<TicketMessage> {
    generate(n, seed, false)
}

/// The messages of [`generate_messages`]; with `post_images`, about half the `post`
/// messages hold a second paragraph of one or two images (`{"tag":"img","image_key":..}`),
/// drawn apart so that every other field is as without.
fn generate(n: usize, seed: u64, post_images: bool) -> Vec<TicketMessage> {
    let mut rng = SplitMix64::new(seed);
    let users: Vec<(&str, String, String)> = USER_NAMES
        .iter()
        .map(|name| {
            let user_id = format!("ou_{:016x}{:016x}", rng.next_u64(), rng.next_u64());
            let avatar = format!(
                "https://internal-api-lark-file.feishu.cn/static-resource/v1/{}~?image_size=72x72&cut_type=&quality=&format=image&sticker_format=.webp",
                rng.key("v2_").trim_start_matches("v2_")
            );
            (*name, user_id, avatar)
        })
        .collect();
    let rotation = rng.below(5);
    let mut id = 6_900_000_000_000_000_000 + rng.below(10_000_000_000_000_000);
    let mut message_id = 7_000_000_000_000_000_000 + rng.below(10_000_000_000_000_000);
    // 2021-04-09 (the doc example's day) plus up to a year.
    let mut created_at: i64 = 1_617_960_686_000 + (rng.below(365 * 86_400_000) as i64);

    (0..n)
        .map(|i| {
            let msg_type = if i < MESSAGE_TYPES.len() {
                MESSAGE_TYPES[(i + rotation as usize) % MESSAGE_TYPES.len()]
            } else {
                match rng.below(20) {
                    0..=9 => "text",
                    10..=12 => "post",
                    13..=15 => "image",
                    16..=17 => "file",
                    _ => "media",
                }
            };
            let content = match msg_type {
                "text" => encode(msg_type, rng.pick(&TEXTS)),
                "post" => {
                    let (link_text, href) = *rng.pick(&LINKS);
                    // The draws in the order of the first version: title, then text.
                    let title = rng.pick_str(&POST_TITLES);
                    let mut content = vec![vec![
                        PostElement::Text {
                            text: rng.pick_str(&TEXTS),
                        },
                        PostElement::A {
                            text: link_text,
                            href,
                        },
                    ]];
                    let mut images =
                        SplitMix64::new(seed ^ (i as u64).wrapping_mul(0xA24B_AED4_963E_E407));
                    if post_images && images.below(2) == 0 {
                        let count = 1 + images.below(2);
                        content.push(
                            (0..count)
                                .map(|_| PostElement::Img {
                                    image_key: images.key("img_v2_"),
                                })
                                .collect(),
                        );
                    }
                    encode(msg_type, PostContent { title, content })
                }
                "image" => encode(
                    msg_type,
                    ImageContent {
                        image_key: rng.key("img_v2_"),
                    },
                ),
                "file" => encode(
                    msg_type,
                    FileContent {
                        file_key: rng.key("file_v2_"),
                        file_name: rng.pick_str(&FILE_NAMES),
                    },
                ),
                _ => encode(
                    msg_type,
                    MediaContent {
                        file_key: rng.key("file_v2_"),
                        image_key: rng.key("img_v2_"),
                        file_name: rng.pick_str(&MEDIA_NAMES),
                        duration: 1_000 + rng.below(300_000),
                    },
                ),
            };
            let (user_name, user_id, avatar_url) = rng.pick(&users).clone();
            id += 1 + rng.below(1_000);
            message_id += 1 + rng.below(1_000);
            created_at += 1 + (rng.below(600_000) as i64);
            TicketMessage {
                id: Some(id.to_string()),
                message_id: Some(message_id.to_string()),
                message_type: Some(msg_type.to_string()),
                created_at: Some(Timestamp::Int64(created_at)),
                content: Some(content.into()),
                user_name: Some(user_name.to_string()),
                avatar_url: Some(avatar_url),
                user_id: Some(user_id),
            }
        })
        .collect()
}

/// `n` synthetic messages of ticket `ticket_id` (seeded by it), the first at `start_ms`;
/// some of its `post` messages hold images.
pub(crate) fn messages_from(n: usize, ticket_id: &str, start_ms: i64) -> Vec<TicketMessage> {
    let mut messages = generate(n, seed_of(ticket_id), true);
    let first = match messages.first().and_then(|m| m.created_at.clone()) {
        Some(Timestamp::Int64(ms)) => ms,
        _ => return messages,
    };
    for m in &mut messages {
        if let Some(Timestamp::Int64(ms)) = &mut m.created_at {
            *ms += start_ms - first;
        }
    }
    messages
}
