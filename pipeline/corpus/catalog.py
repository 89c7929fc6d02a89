"""Closed sets of non-identifying values the generator draws from (all of them safe to keep)."""

from __future__ import annotations

# (name, Q.850 / FreeSWITCH code, whether the call was answered)
HANGUP_CAUSES: tuple[tuple[str, int, bool], ...] = (
    ("NORMAL_CLEARING", 16, True),
    ("USER_BUSY", 17, False),
    ("NO_USER_RESPONSE", 18, False),
    ("NO_ANSWER", 19, False),
    ("CALL_REJECTED", 21, False),
    ("UNALLOCATED_NUMBER", 1, False),
    ("NUMBER_CHANGED", 22, False),
    ("DESTINATION_OUT_OF_ORDER", 27, False),
    ("INVALID_NUMBER_FORMAT", 28, False),
    ("NORMAL_CIRCUIT_CONGESTION", 34, False),
    ("NORMAL_TEMPORARY_FAILURE", 41, False),
    ("RECOVERY_ON_TIMER_EXPIRE", 102, False),
    ("ORIGINATOR_CANCEL", 487, False),
    ("ALLOTTED_TIMEOUT", 602, True),
    ("MEDIA_TIMEOUT", 604, True),
)
# Most calls end normally; the weights keep the rare causes rare.
HANGUP_WEIGHTS: tuple[int, ...] = (60, 8, 3, 8, 3, 2, 1, 1, 1, 2, 2, 1, 4, 2, 2)

HANGUP_SOURCES = ("Caller", "Callee", "Plivo", "API Request", "Answer XML", "Error", "Unknown")

CALL_STATUSES = ("ringing", "in-progress", "completed", "busy", "no-answer", "failed")

EVENT_TYPES = (
    "page_view",
    "signup",
    "form_submit",
    "click",
    "login",
    "logout",
    "purchase",
    "add_to_cart",
    "search",
    "video_play",
    "identify",
    "checkout_started",
    "newsletter_subscribe",
)

SITE_ORIGINS = ("https://www.voxly.io", "https://app.voxly.io", "https://shop.voxly.io")

SITE_PATHS = (
    "/",
    "/pricing",
    "/features/voice-api",
    "/docs/getting-started",
    "/blog/sip-trunking-basics",
    "/signup",
    "/login",
    "/contact",
    "/checkout",
    "/account/settings",
    "/support/tickets/new",
    "/careers",
    "/integrations/crm",
)

WEBHOOK_HOSTS = (
    "hooks.acmelogistics.com",
    "ivr.brightsmile-dental.com",
    "api.cloudpharmacy.co.uk",
    "callbacks.taxiflotte.de",
    "voice.immobilier-conseil.fr",
    "webhooks.clinicapronto.es",
    "ivr.bancaveloce.it",
    "api.snelbezorgd.nl",
    "hooks.entregarapida.com.br",
    "voice.quickmart.in",
)

WEBHOOK_PATHS = (
    "/plivo/answer",
    "/plivo/hangup",
    "/voice/fallback",
    "/webhooks/call-status",
    "/ivr/input",
    "/api/v2/callbacks/plivo",
    "/calls/events",
)

REFERRERS = (
    "https://www.google.com/",
    "https://www.bing.com/search?q=voice+api+pricing",
    "https://duckduckgo.com/",
    "https://t.co/",
    "https://www.linkedin.com/",
    "https://news.ycombinator.com/",
    "android-app://com.google.android.gm/",
    "https://www.voxly.io/blog/sip-trunking-basics",
)

UTM_SOURCES = ("newsletter", "google", "linkedin", "partner", "twitter")
UTM_MEDIUMS = ("email", "cpc", "social", "referral")
UTM_CAMPAIGNS = ("spring_launch", "retargeting_q3", "webinar_followup", "brand")

USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.6367.82 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
    "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.7.1",
    "python-requests/2.32.3",
    "okhttp/4.12.0",
)

WEBHOOK_USER_AGENT = "PlivoHTTP/1.0"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json"
XML_CONTENT_TYPES = ("application/xml", "text/xml; charset=utf-8")
CACHE_CONTROLS = ("no-store", "private", "no-cache, no-store, must-revalidate")

PLANS = ("free", "starter", "pro", "enterprise")
CURRENCIES = ("USD", "EUR", "GBP", "INR", "BRL")
FORM_IDS = ("contact-sales", "support-request", "demo-booking", "newsletter-footer", "checkout")
BUTTON_IDS = ("signup-cta", "pricing-toggle", "play-demo", "download-sdk", "chat-open")
SEARCH_QUERIES = ("sip trunk", "call recording", "webhook retries", "pricing india", "ivr")

EMAIL_DOMAINS = (
    "gmail.com",
    "yahoo.co.uk",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "web.de",
    "gmx.de",
    "orange.fr",
    "libero.it",
    "telefonica.es",
    "ziggo.nl",
    "uol.com.br",
    "rediffmail.com",
    "protonmail.com",
)

# Words a sanitizer legitimately writes (placeholders, generalisations); never name tokens.
SANITIZER_WORDS = (
    "person phone number email address location date time nrp url iban code us ssn credit card "
    "ip cookie id account secret redacted token hash anonymized unknown other mobile fixed line "
    "voip toll free desktop tablet bot spider chrome safari firefox edge opera samsung internet "
    "windows linux android ios mac os x ubuntu chromium crios googlebot bingbot curl python "
    "requests okhttp"
)

PAGE_TITLES = ("Pricing", "Voice API", "Getting started", "Blog", "Contact sales", "Checkout")
BUTTON_LABELS = ("Get started", "Book a demo", "Download", "Play", "Talk to us")
LOGIN_METHODS = ("password", "sso", "magic_link")
TAG_WORDS = ("vip", "beta", "churn-risk", "trial")

# Element, attribute and parameter names of Plivo XML and callbacks; they stay in the output.
PLIVO_WORDS = (
    "Response Speak Dial Number GetInput Record Hangup voice language WOMAN MAN Polly Joanna "
    "action method inputType digitEndTimeout callerId maxLength From To CallUUID CallerName "
    "Direction CallStatus ParentAuthID Duration BillDuration HangupCause HangupCauseCode "
    "InputType Digits Speech dtmf speech Path HttpOnly Secure session sid ajs anonymous"
)
