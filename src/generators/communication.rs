//! Background communications (SPEC §7.5). One kind per communication type (exact totals per type),
//! each on a waking-hours curve (07–23 local; meetings on weekday office hours) in the sender's
//! country, mixed by person shares. A record is drawn from RNG index `(slice << 16) | ordinal`: its
//! time follows its type's curve inside the slice, the sender's country follows the curve's country mix
//! at that time (so the local-hour rule holds by construction), the sender is a Zipf draw over a keyed
//! order of that country's persons, and [`build`] — the builder pattern messages reuse with their own
//! participants, times and keyword probability — fills every other field from the record's RNG.
//!
//! Content is English (v1): templates, a filler vocabulary and sentiment-coloured sentences, none of
//! which contains a suspicious keyword, so keywords only enter through the injection step. The AL
//! fields come from [`scan`] (whole-word, case-insensitive vocabulary matching over the content) and
//! [`communication_alerts`]; `validate` reuses both.
//!
//! The vocabularies, the suspicious keywords (7 categories) and the financial terms, are reference data
//! in [`crate::refdata::keywords`].

use std::sync::OnceLock;

use super::pools::{self, CountryMix, CountryPool, local_hour};
use super::{Ctx, devices};
use crate::core::sample::apportion;
use crate::core::seed::{Rng, StreamKey};
use crate::core::time::Timestamp;
use crate::generators::alert::CommunicationAlertParams;
use crate::model::communication::{Communication, CommunicationType, DeviceType, Platform};
use crate::model::record::Decimal;
use crate::population::layout::Owner;
use crate::refdata::keywords::{FINANCIAL_TERMS, SUSPICIOUS_KEYWORDS};
use crate::refdata::{self, COUNTRIES, CountryId};
use crate::schedule::events::FilePlan;
use crate::schedule::slices::{Curve, LocalProfile, Slices};

/// Content never exceeds this many characters (§7.5).
pub const MAX_CONTENT_CHARS: usize = 2_000;

/// Communication AL rule labels, in rule order; weights, thresholds and the flag score are in
/// `[alerts.communications]` ([`CommunicationAlertParams`]).
pub use crate::model::common::COMMUNICATION_RULES;

/// What the communication rules look at: the scan of the content and a few record fields.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommunicationFacts {
    pub keyword_count: usize,
    pub financial_terms: bool,
    pub encrypted: bool,
    /// Sentiment in 1/10,000.
    pub sentiment_units: i64,
    pub attachment_count: usize,
}

/// (risk_score dec(4), flag_reason): the reason is the first rule hit, present iff flagged.
pub fn communication_alerts(
    f: &CommunicationFacts,
    p: &CommunicationAlertParams,
) -> (Decimal, Option<&'static str>) {
    let hits = [
        f.keyword_count >= 1,
        f.keyword_count >= p.multiple_keywords_min as usize,
        f.encrypted && f.financial_terms,
        f.financial_terms,
        f.sentiment_units as f64 <= p.negative_sentiment_max * 10_000.0,
        f.attachment_count >= p.many_attachments_min as usize,
    ];
    let mut score = 0i64;
    let mut first = None;
    for ((label, weight), hit) in COMMUNICATION_RULES.into_iter().zip(p.weights()).zip(hits) {
        if hit {
            score += weight as i64;
            first = first.or(Some(label));
        }
    }
    let score = score.min(10_000);
    (
        Decimal::new(score, 4),
        first.filter(|_| score >= p.flag_score as i64),
    )
}

/// Vocabulary phrases split into lowercase alphanumeric words, built once: suspicious keywords in
/// vocabulary order (each phrase once), then the financial terms.
struct Vocab {
    keywords: Vec<(&'static str, Vec<&'static str>)>,
    financial: Vec<Vec<&'static str>>,
    /// (first word, phrase number) of every phrase, sorted by word: keywords are numbered first, then
    /// the financial terms. A merge with the content's sorted words finds the candidate phrases.
    by_first_word: Vec<(&'static str, usize)>,
}

fn vocab() -> &'static Vocab {
    static VOCAB: OnceLock<Vocab> = OnceLock::new();
    VOCAB.get_or_init(|| {
        let words = |phrase: &'static str| -> Vec<&'static str> {
            phrase
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect()
        };
        let mut keywords: Vec<(&'static str, Vec<&'static str>)> = Vec::new();
        for (_, list) in SUSPICIOUS_KEYWORDS {
            for &k in list {
                if !keywords.iter().any(|(seen, _)| *seen == k) {
                    keywords.push((k, words(k)));
                }
            }
        }
        let financial: Vec<Vec<&'static str>> = FINANCIAL_TERMS.iter().map(|&t| words(t)).collect();
        let mut by_first_word: Vec<(&'static str, usize)> = keywords
            .iter()
            .map(|(_, w)| w)
            .chain(&financial)
            .enumerate()
            .filter_map(|(n, w)| w.first().map(|&first| (first, n)))
            .collect();
        by_first_word.sort_unstable();
        Vocab {
            keywords,
            financial,
            by_first_word,
        }
    })
}

/// Whole-word, case-insensitive matching of the vocabularies over `content`: a phrase matches when
/// its words occur as consecutive words of the content, words being maximal runs of ASCII letters and
/// digits (so "front-running" and "front running" are the same phrase). Returns (contains financial
/// terms, suspicious keywords in vocabulary order, each once).
pub fn scan(content: &str) -> (bool, Vec<&'static str>) {
    let tokens: Vec<String> = content
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let mut sorted: Vec<&str> = tokens.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let v = vocab();
    // Candidates: phrases whose first word occurs (one merge of two sorted lists).
    let mut candidates: Vec<usize> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < sorted.len() && j < v.by_first_word.len() {
        match sorted[i].cmp(v.by_first_word[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                candidates.push(v.by_first_word[j].1);
                j += 1;
            }
        }
    }
    candidates.sort_unstable();
    let occurs = |phrase: &[&str]| {
        phrase.len() == 1
            || tokens
                .windows(phrase.len())
                .any(|win| win.iter().zip(phrase).all(|(a, b)| a == b))
    };
    let n = v.keywords.len();
    let financial = candidates
        .iter()
        .any(|&k| k >= n && occurs(&v.financial[k - n]));
    let keywords = candidates
        .iter()
        .filter(|&&k| k < n && occurs(&v.keywords[k].1))
        .map(|&k| v.keywords[k].0)
        .collect();
    (financial, keywords)
}

// ---- curves and tables --------------------------------------------------------------------------

/// Waking hours 07:00–23:00 local, busiest in the evening; weekends a little quieter.
fn waking() -> LocalProfile {
    LocalProfile::daily(
        [
            0, 0, 0, 0, 0, 0, 0, 6, 9, 10, 10, 10, 11, 10, 10, 10, 10, 11, 12, 13, 13, 12, 8, 0,
        ],
        [10, 10, 10, 10, 10, 8, 8],
    )
}

/// Meetings: weekday office hours 08–19 local.
fn office() -> LocalProfile {
    LocalProfile::opening_hours(&[0, 1, 2, 3, 4], 8, 19)
}

fn profile(kind: CommunicationType) -> LocalProfile {
    if kind == CommunicationType::Meeting {
        office()
    } else {
        waking()
    }
}

/// Whether `ts` is an allowed local time for a sender living in `country` (a validator-side check).
pub fn is_allowed_hour(kind: CommunicationType, country: CountryId, ts: Timestamp) -> bool {
    let (d, h) = local_hour(country, ts);
    profile(kind).at(d, h) > 0
}

/// Per-run lookup tables.
pub struct Tables {
    /// Curve per type in [`CommunicationType::ALL`] order.
    curves: Vec<Curve>,
    /// Sender countries by time, per type in [`CommunicationType::ALL`] order.
    mixes: Vec<CountryMix>,
    /// One country's persons in a keyed order, Zipf weights for senders (0) and recipients (1).
    pools: Vec<CountryPool<2>>,
    /// `[communications]` type mix, per mille.
    type_mix: [u64; 7],
    key: StreamKey,
}

impl Tables {
    pub fn new(ctx: &Ctx) -> Tables {
        let pools = pools::per_country(ctx, "communication.persons", false, [0.8, 0.9]);
        let shares = pools::sizes(&pools);
        let offsets: Vec<i16> = COUNTRIES.iter().map(|c| c.utc_offset_minutes).collect();
        Tables {
            curves: CommunicationType::ALL
                .iter()
                .map(|&k| Curve::mixed(&profile(k), &shares, &offsets))
                .collect(),
            mixes: CommunicationType::ALL
                .iter()
                .map(|&k| CountryMix::new(&shares, &profile(k)))
                .collect(),
            pools,
            type_mix: ctx.params.communications.type_mix(),
            key: StreamKey::new(ctx.seed, "communication.background"),
        }
    }
}

/// The background plan: per-type exact totals (the `[communications]` mix) along per-type curves.
pub fn file_plan(tables: &Tables, background: u64) -> FilePlan {
    let totals = apportion(background, &tables.type_mix);
    FilePlan::along(&tables.curves, totals)
}

/// Draws the background communications of slice `s` (unordered; ids are assigned by the caller).
pub fn slice(
    ctx: &Ctx,
    tables: &Tables,
    plan: &FilePlan,
    slices: Slices,
    s: u64,
    out: &mut Vec<Communication>,
) {
    plan.draw_slice(&tables.key, slices, s, |k, ts, rng| {
        let kind = CommunicationType::ALL[k];
        let country = sender_country(tables, kind, ts, rng);
        let sender = tables.pools[country as usize].draw_with(0, rng);
        let sender = ctx.layout.person_at_slot(sender);
        out.push(build(
            ctx,
            tables,
            kind,
            ts,
            sender,
            None,
            ctx.params.communications.background_keyword_probability,
            rng,
        ));
    });
}

/// The sender's country at `ts`: person share × the type's local profile there.
fn sender_country(
    tables: &Tables,
    kind: CommunicationType,
    ts: Timestamp,
    rng: &mut Rng,
) -> CountryId {
    tables.mixes[kind as usize].draw(ts, rng)
}

/// The sender's circle: household members and colleagues. §7.5 also names friends; drawing them too
/// changes which recipients are drawn, so it is left to a data-format change of its own.
fn circle(ctx: &Ctx, sender: u64) -> Vec<u64> {
    let (block, position, household) = ctx.layout.household_of(sender);
    let mut out: Vec<u64> = household
        .housemates_of(position)
        .map(|pos| ctx.layout.person_in_block(block, pos))
        .collect();
    out.extend(super::links::colleagues(ctx, sender));
    out
}

/// `given` topped up to `n` distinct recipients other than the sender: each from the circle (members
/// not chosen yet) with probability `circle_share`, else a Zipf draw among the sender's compatriots; a
/// repeated draw is redrawn a few times, then the next compatriot in the keyed order is taken, and only
/// a country without one falls back to row order (a population of ≥ 2 persons always has someone).
fn draw_recipients(
    ctx: &Ctx,
    tables: &Tables,
    sender: u64,
    given: &[u64],
    n: usize,
    rng: &mut Rng,
) -> Vec<u64> {
    let persons = ctx.layout.params.persons;
    let home = ctx.layout.person_country(sender);
    let circle = circle(ctx, sender);
    let pool = &tables.pools[home as usize];
    let mut out: Vec<u64> = given.to_vec();
    for _ in given.len().min(n)..n {
        let fits = |p: u64, out: &[u64]| p != sender && !out.contains(&p);
        let free: Vec<u64> = circle.iter().copied().filter(|&p| fits(p, &out)).collect();
        let mut chosen = None;
        if !free.is_empty() && rng.chance(ctx.params.communications.circle_share) {
            chosen = Some(*rng.pick(&free));
        }
        for _ in 0..8 {
            if chosen.is_some() || pool.is_empty() {
                break;
            }
            let p = ctx.layout.person_at_slot(pool.draw_with(1, rng));
            chosen = fits(p, &out).then_some(p);
        }
        let size = pool.len();
        let start = rng.below(size);
        let chosen = chosen
            .or_else(|| {
                (0..size)
                    .map(|i| ctx.layout.person_at_slot(pool.slot((start + i) % size)))
                    .find(|&p| fits(p, &out))
            })
            .or_else(|| {
                (1..persons)
                    .map(|d| (sender + d) % persons)
                    .find(|&p| fits(p, &out))
            });
        match chosen {
            Some(p) => out.push(p),
            None => break,
        }
    }
    out
}

// ---- content ------------------------------------------------------------------------------------

const NOUNS: [&str; 24] = [
    "report",
    "schedule",
    "project",
    "presentation",
    "draft",
    "notes",
    "tickets",
    "proposal",
    "contract",
    "slides",
    "documents",
    "spreadsheet",
    "photos",
    "plan",
    "agenda",
    "order",
    "quote",
    "renovation",
    "booking",
    "summary",
    "minutes",
    "application",
    "delivery",
    "itinerary",
];
const WHEN: [&str; 12] = [
    "today",
    "tomorrow",
    "tonight",
    "this afternoon",
    "on Monday",
    "on Friday",
    "next week",
    "by the end of the day",
    "this weekend",
    "after lunch",
    "before the meeting",
    "later this month",
];
const PLACES: [&str; 10] = [
    "the office",
    "the usual place",
    "the cafe downstairs",
    "the station",
    "home",
    "the client site",
    "the restaurant",
    "the gym",
    "the airport",
    "the conference room",
];
/// Body sentences: `{n}` a noun, `{w}` a time, `{p}` a place. Some carry financial terms.
const SENTENCES: [&str; 30] = [
    "Can you send me the {n} {w}?",
    "I finished the {n} and shared it with the team.",
    "Let's meet at {p} {w}.",
    "Did you get a chance to look at the {n}?",
    "The {n} needs a few more changes before we send it out.",
    "I will call you {w} about the {n}.",
    "Thanks for sorting out the {n} so quickly.",
    "Are we still on for dinner {w}?",
    "I'm running a bit late, see you at {p}.",
    "Please review the {n} and let me know what you think.",
    "The payment for the {n} went through {w}.",
    "I checked the account balance and everything looks fine.",
    "Could you forward the invoice for the {n}?",
    "The budget for the {n} was approved {w}.",
    "I moved the transfer to {w} because the bank was closed.",
    "My salary came in, so I can pay you back {w}.",
    "The broker suggested we look at the portfolio again.",
    "We should talk about the mortgage {w}.",
    "The refund for the {n} should arrive {w}.",
    "Kids are fine, we are heading to {p} {w}.",
    "Happy birthday! Hope you have a great day.",
    "The weather is terrible, maybe we stay home {w}.",
    "I booked the tickets for {w}.",
    "Can we move the call to {w}?",
    "I left the {n} at {p}.",
    "The team liked the {n} a lot.",
    "Reminder: the {n} is due {w}.",
    "I'll pick you up at {p} {w}.",
    "Let me know if anything changes with the {n}.",
    "Great seeing you at {p} last time.",
];
const SUBJECTS: [&str; 16] = [
    "Quick question",
    "Follow-up",
    "Update on the project",
    "Meeting notes",
    "Re: plans for next week",
    "Documents attached",
    "Schedule change",
    "Weekend",
    "Re: your message",
    "Invoice",
    "Catching up",
    "Proposal draft",
    "Travel plans",
    "Reminder",
    "Thank you",
    "Agenda for Monday",
];
const GREETINGS: [&str; 5] = ["Hi,", "Hello,", "Hey,", "Good morning,", "Dear all,"];
const SIGN_OFFS: [&str; 5] = [
    "Thanks,",
    "Best regards,",
    "Cheers,",
    "Talk soon.",
    "Kind regards,",
];
const POSITIVE: [&str; 4] = [
    "Great news, really happy with how this turned out.",
    "Thank you so much, this is wonderful.",
    "Excellent work, well done.",
    "Looking forward to it!",
];
const NEGATIVE: [&str; 4] = [
    "I'm disappointed with how this was handled.",
    "This is not acceptable and needs to be fixed.",
    "I'm really frustrated with the delays.",
    "Unfortunately this didn't work out.",
];
const URGENT: [&str; 4] = [
    "This is urgent, please reply as soon as possible.",
    "Need an answer right away.",
    "Please call me immediately.",
    "Time-sensitive: please handle this today.",
];
/// Sentences that carry an injected keyword `{k}`.
const KEYWORD_SENTENCES: [&str; 6] = [
    "We need to talk about the {k} part.",
    "Any news on the {k}?",
    "Keep the {k} thing quiet for now.",
    "I sorted out the {k} side of it.",
    "Don't forget about the {k}.",
    "The {k} question came up again.",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sentiment {
    Positive,
    Neutral,
    Negative,
    Urgent,
}

/// One body sentence with its slots filled.
fn sentence(rng: &mut Rng) -> String {
    let template = *rng.pick(&SENTENCES);
    let mut s = template.to_string();
    if s.contains("{n}") {
        let word: &&str = rng.pick(&NOUNS);
        s = s.replace("{n}", word);
    }
    if s.contains("{w}") {
        let word: &&str = rng.pick(&WHEN);
        s = s.replace("{w}", word);
    }
    if s.contains("{p}") {
        let word: &&str = rng.pick(&PLACES);
        s = s.replace("{p}", word);
    }
    s
}

/// The message text: a type-specific frame around body sentences, a sentiment sentence, and the
/// injected keyword sentences (if any) at random positions; cut at a word boundary to the limit.
fn content(
    kind: CommunicationType,
    sentiment: Sentiment,
    duration: Option<i64>,
    keywords: &[&'static str],
    rng: &mut Rng,
) -> String {
    use CommunicationType as T;
    let body_len = match kind {
        T::Email => rng.between(2, 6),
        T::Sms | T::Chat => rng.between(1, 2),
        T::Phone | T::Video | T::SocialMedia => rng.between(1, 3),
        T::Meeting => rng.between(2, 5),
    } as usize;
    let mut parts: Vec<String> = (0..body_len).map(|_| sentence(rng)).collect();
    let mood = match sentiment {
        Sentiment::Positive => Some(*rng.pick(&POSITIVE)),
        Sentiment::Negative => Some(*rng.pick(&NEGATIVE)),
        Sentiment::Urgent => Some(*rng.pick(&URGENT)),
        Sentiment::Neutral => None,
    };
    if let Some(m) = mood {
        let at = rng.index(parts.len() + 1);
        parts.insert(at, m.to_string());
    }
    for k in keywords {
        let at = rng.index(parts.len() + 1);
        parts.insert(at, rng.pick(&KEYWORD_SENTENCES).replace("{k}", k));
    }
    let minutes = duration.map(|d| (d + 59) / 60).unwrap_or(0);
    match kind {
        T::Email => {
            parts.insert(0, rng.pick(&GREETINGS).to_string());
            parts.push(rng.pick(&SIGN_OFFS).to_string());
        }
        T::Phone => parts.insert(0, format!("Call notes ({minutes} min):")),
        T::Video => parts.insert(0, format!("Video call notes ({minutes} min):")),
        T::Meeting => parts.insert(0, format!("Meeting notes ({minutes} min):")),
        _ => {}
    }
    let mut text = parts.join(" ");
    if text.len() > MAX_CONTENT_CHARS {
        // ASCII only, so byte and char counts agree; cut at the last space that fits.
        let cut = text[..MAX_CONTENT_CHARS]
            .rfind(' ')
            .unwrap_or(MAX_CONTENT_CHARS);
        text.truncate(cut);
    }
    text
}

/// 1–3 distinct keywords of one category.
fn pick_keywords(rng: &mut Rng) -> Vec<&'static str> {
    let (_, list) = SUSPICIOUS_KEYWORDS[rng.index(SUSPICIOUS_KEYWORDS.len())];
    let n = rng.between(1, 3) as usize;
    let mut out: Vec<&'static str> = Vec::with_capacity(n);
    while out.len() < n.min(list.len()) {
        let k = *rng.pick(list);
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

// ---- platform, device, attachments --------------------------------------------------------------

fn platform(kind: CommunicationType, rng: &mut Rng) -> Platform {
    use CommunicationType as T;
    use Platform as P;
    let options: &[Platform] = match kind {
        T::Email => &[P::Outlook, P::Gmail, P::Exchange, P::Protonmail],
        T::Sms => &[P::Imessage, P::Whatsapp, P::Signal, P::Telegram],
        T::Phone => &[P::Mobile, P::Landline, P::Voip, P::Skype],
        T::Chat => &[P::Slack, P::Teams, P::Discord, P::Jabber],
        T::Video => &[P::Zoom, P::Teams, P::Webex, P::GoogleMeet],
        T::SocialMedia => &[P::Linkedin, P::Twitter, P::Facebook, P::Wechat],
        T::Meeting => &[P::InPerson],
    };
    *rng.pick(options)
}

fn device(kind: CommunicationType, platform: Platform, rng: &mut Rng) -> DeviceType {
    use CommunicationType as T;
    use DeviceType as D;
    match (kind, platform) {
        (T::Meeting, _) => D::None,
        (T::Sms, _) | (T::Phone, Platform::Mobile) => D::Mobile,
        (T::Phone, Platform::Landline) => D::Landline,
        (T::Phone, _) | (T::Chat, _) => {
            rng.weighted_item(&[(D::Desktop, 35), (D::Laptop, 35), (D::Mobile, 30)])
        }
        (T::SocialMedia, _) => {
            rng.weighted_item(&[(D::Mobile, 60), (D::Desktop, 25), (D::Tablet, 15)])
        }
        (T::Email | T::Video, _) => rng.weighted_item(&[
            (D::Desktop, 35),
            (D::Laptop, 35),
            (D::Mobile, 25),
            (D::Tablet, 5),
        ]),
    }
}

/// Messages that travel over the internet from the sender's own connection carry one of the sender's
/// usual IP addresses.
fn is_online(kind: CommunicationType, platform: Platform) -> bool {
    use CommunicationType as T;
    match kind {
        T::Email | T::Chat | T::Video | T::SocialMedia => true,
        T::Phone => matches!(platform, Platform::Voip | Platform::Skype),
        T::Sms | T::Meeting => false,
    }
}

fn attachment_options(kind: CommunicationType) -> &'static [&'static str] {
    use CommunicationType as T;
    match kind {
        T::Email => &["pdf", "docx", "xlsx", "pptx", "jpg", "zip"],
        T::Sms => &["jpg", "png", "gif", "mp4"],
        T::Chat => &["pdf", "png", "jpg", "docx", "xlsx"],
        T::SocialMedia => &["jpg", "png", "mp4"],
        T::Phone | T::Video | T::Meeting => &[],
    }
}

/// Keyword probability of pattern messages (SPEC §7.5): keywords are a signal, not a label.
pub const PATTERN_KEYWORD_PROBABILITY: f64 = 0.40;

/// One planned communication from person row `sender` to `recipients` (distinct, never the sender);
/// content, platform, further email recipients and the rest are drawn by [`build`] with
/// [`PATTERN_KEYWORD_PROBABILITY`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommunicationSpec {
    pub kind: CommunicationType,
    pub ts: Timestamp,
    pub sender: u64,
    pub recipients: Vec<u64>,
}

/// The communication of a pattern's `spec`, through the background builder (ground truth is set by
/// the caller).
pub fn pattern_record(
    ctx: &Ctx,
    tables: &Tables,
    spec: &CommunicationSpec,
    rng: &mut Rng,
) -> Communication {
    let (kind, ts, sender) = (spec.kind, spec.ts, spec.sender);
    let recipients = Some(spec.recipients.as_slice());
    build(
        ctx,
        tables,
        kind,
        ts,
        sender,
        recipients,
        PATTERN_KEYWORD_PROBABILITY,
        rng,
    )
}

/// Builds one communication of `kind` at `ts` from person `sender`: the shared record builder.
/// Typologies pass their own `recipients` (distinct, never the sender), which an email tops up to its
/// drawn recipient count as background does, and a keyword probability of .40 (§7.5); background uses
/// `communications.background_keyword_probability` and draws every recipient.
#[allow(clippy::too_many_arguments)]
pub fn build(
    ctx: &Ctx,
    tables: &Tables,
    kind: CommunicationType,
    ts: Timestamp,
    sender: u64,
    recipients: Option<&[u64]>,
    keyword_probability: f64,
    rng: &mut Rng,
) -> Communication {
    use CommunicationType as T;
    let tie = rng.next_u64();
    let n = if kind == T::Email {
        rng.between(1, 4) as usize
    } else {
        1
    };
    // A pattern's own recipients are topped up to the drawn count by the background draw, so an email
    // copies as many others as a background one does.
    let recipients = draw_recipients(ctx, tables, sender, recipients.unwrap_or(&[]), n, rng);
    let duration_seconds = match kind {
        T::Phone => Some(rng.between(30, 1_800)),
        T::Video => Some(rng.between(300, 3_600)),
        T::Meeting => Some(rng.between(900, 7_200)),
        _ => None,
    };
    let p = &ctx.params.communications;
    let [positive, neutral, negative, urgent] = p.sentiment_weights();
    let sentiment = rng.weighted_item(&[
        (Sentiment::Positive, positive),
        (Sentiment::Neutral, neutral),
        (Sentiment::Negative, negative),
        (Sentiment::Urgent, urgent),
    ]);
    let (lo, hi) = match sentiment {
        Sentiment::Positive => (5_000, 10_000),
        Sentiment::Neutral => (-2_000, 2_000),
        Sentiment::Negative => (-10_000, -5_000),
        Sentiment::Urgent => (3_000, 8_000),
    };
    let sentiment_units = rng.between(lo, hi);
    // Drawn for every message so the rest of the stream does not depend on the probability.
    let inject = rng.unit() < keyword_probability;
    let injected = if inject {
        pick_keywords(rng)
    } else {
        Vec::new()
    };
    let subject = (kind == T::Email).then(|| rng.pick(&SUBJECTS).to_string());
    let content = content(kind, sentiment, duration_seconds, &injected, rng);
    let platform = platform(kind, rng);
    let is_encrypted = platform.always_encrypted()
        || (!matches!(
            platform,
            Platform::Mobile | Platform::Landline | Platform::InPerson
        ) && rng.chance(p.encrypted_probability));
    let device_type = device(kind, platform, rng);
    let home = ctx.layout.person_country(sender);
    let location = (kind == T::Meeting
        || (device_type == DeviceType::Mobile && rng.chance(p.mobile_location_probability)))
    .then(|| *rng.pick(refdata::country(home).cities));
    let ip_address =
        is_online(kind, platform).then(|| devices::usual_ip(ctx, Owner::Person(sender), rng));
    let options = attachment_options(kind);
    let attachment_types: Vec<&'static str> =
        if !options.is_empty() && rng.chance(p.attachment_probability) {
            (0..rng.between(1, 3)).map(|_| *rng.pick(options)).collect()
        } else {
            Vec::new()
        };
    let (contains_financial_terms, suspicious_keywords) = scan(&content);
    let (risk_score, flag_reason) = communication_alerts(
        &CommunicationFacts {
            keyword_count: suspicious_keywords.len(),
            financial_terms: contains_financial_terms,
            encrypted: is_encrypted,
            sentiment_units,
            attachment_count: attachment_types.len(),
        },
        &ctx.params.alerts.communications,
    );
    Communication {
        communication_type: kind,
        timestamp: ts,
        duration_seconds,
        sender_id: ctx.person_id(sender),
        recipient_ids: recipients.iter().map(|&p| ctx.person_id(p)).collect(),
        subject,
        content,
        is_encrypted,
        platform,
        device_type,
        location,
        ip_address,
        attachment_types,
        sentiment_score: Decimal::new(sentiment_units, 4),
        contains_financial_terms,
        suspicious_keywords,
        risk_score,
        flag_reason,
        pattern_id: None,
        tie,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::Namespace;
    use crate::core::time::{days_from_civil, midnight};
    use crate::generators::person;
    use crate::schedule::events::Rows;

    fn ctx() -> Ctx {
        crate::generators::test_ctx(5, 3_000, 200, 5_000, 365)
    }

    fn slices(ctx: &Ctx) -> Slices {
        Slices::new(ctx.window.start, ctx.window.days, 3_600)
    }

    #[test]
    fn slice_counts_sum_to_the_totals_and_records_stay_in_their_slice() {
        let ctx = ctx();
        let tables = Tables::new(&ctx);
        let plan = file_plan(&tables, 500_009);
        let sl = slices(&ctx);
        assert_eq!(plan.total(), 500_009);
        for k in 0..plan.kinds.len() {
            let sum: u64 = (0..sl.count).map(|s| plan.kind_count(sl, k, s)).sum();
            assert_eq!(sum, plan.kinds[k].total, "kind {k}");
        }
        assert_eq!(plan.rows_before(sl, sl.count), 500_009);
        let mut seen = 0;
        for s in (0..sl.count).step_by(97) {
            let mut out = Vec::new();
            slice(&ctx, &tables, &plan, sl, s, &mut out);
            let expected: u64 = (0..7).map(|k| plan.kind_count(sl, k, s)).sum();
            assert_eq!(out.len() as u64, expected);
            let (from, to) = sl.bounds(s);
            for c in &out {
                assert!((from..to).contains(&c.timestamp), "slice {s}");
            }
            seen += out.len();
        }
        assert!(seen > 1_000);
    }

    #[test]
    fn same_slice_twice_gives_identical_bytes() {
        let ctx = ctx();
        let tables = Tables::new(&ctx);
        let plan = file_plan(&tables, 100_000);
        let sl = slices(&ctx);
        let s = 24 * 100 + 15;
        let bytes = |ctx: &Ctx, tables: &Tables| {
            let mut recs = Vec::new();
            slice(ctx, tables, &plan, sl, s, &mut recs);
            let mut out = Vec::new();
            for r in &recs {
                crate::encode::json::write_record(r, &mut out);
            }
            (recs.len(), out)
        };
        let (n, first) = bytes(&ctx, &tables);
        assert!(n > 0);
        assert_eq!(first, bytes(&ctx, &tables).1);
        let ctx2 = self::ctx();
        assert_eq!(first, bytes(&ctx2, &Tables::new(&ctx2)).1);
    }

    #[test]
    fn records_follow_the_spec_rules() {
        let ctx = ctx();
        let tables = Tables::new(&ctx);
        let plan = file_plan(&tables, 1_000_000);
        let sl = slices(&ctx);
        let mut records = Vec::new();
        for s in 0..24 * 3 {
            slice(&ctx, &tables, &plan, sl, s, &mut records);
        }
        let n = records.len();
        assert!(n > 5_000, "{n}");
        let persons = ctx.layout.params.persons;
        let (mut circle_hits, mut with_keywords) = (0usize, 0usize);
        let mut per_type = [0usize; 7];
        for c in &records {
            per_type[c.communication_type as usize] += 1;
            let (ns, sender) = ctx.ids.decode(c.sender_id.value).unwrap();
            assert_eq!(ns, Namespace::Person);
            assert!(sender < persons);
            let home = person::core(&ctx, sender).country;
            // Waking hours (meetings: office hours) in the sender's local time.
            let (d, h) = local_hour(home, c.timestamp);
            assert!((7..23).contains(&h), "local hour {h}");
            if c.communication_type == CommunicationType::Meeting {
                assert!(d < 5 && (8..19).contains(&h));
            }
            // Recipients: resolvable persons, distinct, never the sender; 1, or 1–4 for email.
            let max = if c.communication_type == CommunicationType::Email {
                4
            } else {
                1
            };
            assert!((1..=max).contains(&c.recipient_ids.len()));
            let mut rs: Vec<u64> = c
                .recipient_ids
                .iter()
                .map(|id| {
                    let (ns, r) = ctx.ids.decode(id.value).unwrap();
                    assert_eq!(ns, Namespace::Person);
                    assert!(r < persons);
                    r
                })
                .collect();
            assert!(!rs.contains(&sender));
            let circle = circle(&ctx, sender);
            for &r in &rs {
                // Outside the circle, recipients are compatriots (the test countries are large).
                let in_circle = circle.contains(&r);
                circle_hits += in_circle as usize;
                // (A country with too few residents falls back to anyone, by design.)
                let (lo, hi) = ctx.layout.country_person_slots(home);
                assert!(in_circle || ctx.layout.person_country(r) == home || hi - lo < 6);
            }
            rs.sort_unstable();
            rs.dedup();
            assert_eq!(rs.len(), c.recipient_ids.len(), "distinct recipients");
            // Type-dependent presence.
            assert_eq!(
                c.subject.is_some(),
                c.communication_type == CommunicationType::Email
            );
            let dur = c.duration_seconds;
            match c.communication_type {
                CommunicationType::Phone => assert!((30..=1_800).contains(&dur.unwrap())),
                CommunicationType::Video => assert!((300..=3_600).contains(&dur.unwrap())),
                CommunicationType::Meeting => assert!((900..=7_200).contains(&dur.unwrap())),
                _ => assert!(dur.is_none()),
            }
            if c.platform.always_encrypted() {
                assert!(c.is_encrypted, "{:?}", c.platform);
            }
            assert!(c.attachment_types.len() <= 3);
            assert!(
                c.attachment_types.is_empty()
                    || !attachment_options(c.communication_type).is_empty()
            );
            if c.ip_address.is_some() {
                assert!(is_online(c.communication_type, c.platform));
                let ip = c.ip_address.clone().unwrap();
                let owner = Owner::Person(sender);
                let usual: Vec<String> = (0..devices::usual_ip_count(&ctx, owner))
                    .map(|k| devices::usual_ip_at(&ctx, owner, k))
                    .collect();
                assert!(usual.contains(&ip), "sender's usual IP");
            }
            assert!((-10_000..=10_000).contains(&c.sentiment_score.units));
            assert_eq!(c.sentiment_score.scale, 4);
            // Content and AL fields agree with a fresh scan.
            assert!(!c.content.is_empty() && c.content.len() <= MAX_CONTENT_CHARS);
            let (financial, keywords) = scan(&c.content);
            assert_eq!(financial, c.contains_financial_terms);
            assert_eq!(keywords, c.suspicious_keywords);
            with_keywords += !keywords.is_empty() as usize;
            let (score, reason) = communication_alerts(
                &CommunicationFacts {
                    keyword_count: keywords.len(),
                    financial_terms: financial,
                    encrypted: c.is_encrypted,
                    sentiment_units: c.sentiment_score.units,
                    attachment_count: c.attachment_types.len(),
                },
                &ctx.params.alerts.communications,
            );
            assert_eq!((score, reason), (c.risk_score, c.flag_reason));
            assert!(c.pattern_id.is_none());
        }
        // Mix, recipients' origin and keyword rate are roughly as specified.
        let share = |k: usize| k as f64 / n as f64;
        assert!((0.30..0.36).contains(&share(per_type[0])), "email share");
        let total_recipients: usize = records.iter().map(|c| c.recipient_ids.len()).sum();
        let circle_share = circle_hits as f64 / total_recipients as f64;
        assert!((0.3..0.7).contains(&circle_share), "circle {circle_share}");
        assert!(
            (0.003..0.02).contains(&share(with_keywords)),
            "keywords {}",
            share(with_keywords)
        );
    }

    #[test]
    fn pattern_messages_take_given_participants_and_more_keywords() {
        let ctx = ctx();
        let tables = Tables::new(&ctx);
        let ts = midnight(days_from_civil(2025, 6, 3)) + 12 * 3_600;
        let mut hits = 0;
        for i in 0..500u64 {
            let mut rng = ctx.rng("test.pattern", i);
            let c = build(
                &ctx,
                &tables,
                CommunicationType::Chat,
                ts,
                7,
                Some(&[8, 9]),
                0.40,
                &mut rng,
            );
            assert_eq!(c.sender_id, ctx.person_id(7));
            assert_eq!(c.recipient_ids, vec![ctx.person_id(8), ctx.person_id(9)]);
            hits += !c.suspicious_keywords.is_empty() as usize;
        }
        assert!((150..250).contains(&hits), "{hits}");
    }

    #[test]
    fn scanning_matches_whole_words_case_insensitively() {
        let (fin, kw) = scan("The PUMP and dump plan; smurfing-style deposits? Also an envelope.");
        assert!(!fin, "deposits is not a listed term");
        // Vocabulary order: money_laundering (smurfing) before market_manipulation and bribery.
        assert_eq!(kw, vec!["smurfing", "pump and dump", "envelope"]);
        let (fin, kw) = scan("I will skimp on the Bribes, forget the forged-ish invoice");
        assert!(fin, "invoice");
        assert_eq!(
            kw,
            vec!["forged"],
            "skimp ≠ skim, Bribes ≠ bribe, forget ≠ forge"
        );
        // Duplicated phrases are reported once.
        let (_, kw) = scan("layering layering embargo bribe kickback");
        assert_eq!(kw, vec!["embargo", "layering", "kickback", "bribe"]);
    }

    #[test]
    fn background_vocabulary_never_contains_keywords() {
        let pools: [&[&str]; 12] = [
            &NOUNS,
            &WHEN,
            &PLACES,
            &SENTENCES,
            &SUBJECTS,
            &GREETINGS,
            &SIGN_OFFS,
            &POSITIVE,
            &NEGATIVE,
            &URGENT,
            &KEYWORD_SENTENCES,
            &["Call notes (3 min):", "Video call notes", "Meeting notes"],
        ];
        for text in pools.iter().flat_map(|p| p.iter()) {
            let (_, kw) = scan(&text.replace(['{', '}'], " "));
            assert!(kw.is_empty(), "{text}: {kw:?}");
        }
        // The vocabulary sizes of the original: 22 22 19 18 16 13 16.
        let sizes: Vec<usize> = SUSPICIOUS_KEYWORDS.iter().map(|(_, l)| l.len()).collect();
        assert_eq!(sizes, [22, 22, 19, 18, 16, 13, 16]);
        assert_eq!(vocab().keywords.len(), 126 - 4);
    }

    #[test]
    fn alert_rules_score_and_flag() {
        let p = CommunicationAlertParams::default();
        let f = CommunicationFacts {
            keyword_count: 1,
            financial_terms: true,
            ..Default::default()
        };
        assert_eq!(
            communication_alerts(&f, &p),
            (Decimal::new(5_000, 4), Some("suspicious_keywords"))
        );
        let quiet = CommunicationFacts {
            financial_terms: true,
            encrypted: true,
            ..Default::default()
        };
        assert_eq!(
            communication_alerts(&quiet, &p),
            (Decimal::new(2_500, 4), None)
        );
        let heavy = CommunicationFacts {
            keyword_count: 3,
            financial_terms: true,
            encrypted: true,
            sentiment_units: -9_000,
            attachment_count: 3,
        };
        assert_eq!(communication_alerts(&heavy, &p).0, Decimal::new(10_000, 4));
        // `[alerts.communications]` moves the flag and the rule bounds.
        let eager = CommunicationAlertParams {
            flag_score: 2_500,
            many_attachments_min: 1,
            ..p.clone()
        };
        assert_eq!(
            communication_alerts(&quiet, &eager),
            (
                Decimal::new(2_500, 4),
                Some("encrypted_financial_discussion")
            )
        );
        let one_attachment = CommunicationFacts {
            attachment_count: 1,
            ..Default::default()
        };
        assert_eq!(communication_alerts(&one_attachment, &p).0.units, 0);
        assert_eq!(communication_alerts(&one_attachment, &eager).0.units, 1_000);
    }
}
