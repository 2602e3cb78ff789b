"""What Limber says, in one place. HTML parse mode; user values are escaped by callers.

Each upper-case string here is an English message id: reading ``texts.NAME`` gives it in the
language in force (``core.i18n``), through the module's ``__getattr__``. The operator's
console messages (``OPERATOR``) stay English.
"""

from __future__ import annotations

from core.i18n import _

WELCOME = (
    "👋 <b>Hi, I'm Limber.</b>\n"
    "I help people who train look after their muscles, with fewer surprises and a clearer "
    "picture of their cramps: reminders to drink, warm up and stretch around your workouts, "
    "a 30-second daily check-in, the patterns I spot between your cramps and your days, and "
    "a weekly summary. I'm not a doctor: I point you to one when something needs it."
)

BOT_DESCRIPTION = (
    "Limber helps people who train look after their muscles: reminders to drink, warm up "
    "and stretch around your workouts, in your time zone; a 30-second daily check-in; the "
    "patterns between your cramps and your days; and a weekly summary. Not a doctor: it "
    "tells you when to see one."
)
BOT_SHORT_DESCRIPTION = "Drink, warm-up and stretch reminders around your workouts, and a clearer picture of your cramps."

PRIVACY_TERMS = (
    "<b>Before we start: privacy and health</b>\n"
    "• I am not a doctor and I don't diagnose anything. What I say is general "
    "information; for cramps that are frequent, severe or come with numbness or "
    "weakness, see a doctor.\n"
    "• I keep what you tell me (your time zone, sleep times, optional weight, workouts, "
    "check-in answers and water logs) so that I can remind you and spot patterns. "
    "Nothing is shared with anyone.\n"
    "• /export sends you everything I hold about you; /delete erases all of it."
)
PRIVACY_TAP = "Tap <b>I agree</b> to go on."
PRIVACY_DONE = "✓ Agreed"

CONSENT_NEEDED = (
    "Please read the note above and tap <b>I agree</b> first, or send /start to see it again."
)
CONSENT_THANKS = "Thanks! Let's set you up. It takes under a minute."

ASK_TIMEZONE = (
    "🌍 <b>Which time zone are you in?</b>\n"
    "Tap <b>Share my location</b> (used once to find your zone, then forgotten), pick one "
    "below, or type it, like <code>Europe/Berlin</code>, <code>New York</code> or "
    "<code>UTC+2</code>."
)
ASK_TIMEZONE_SETTINGS = (
    "🌍 <b>Which time zone are you in?</b>\n"
    "Pick one, or type it, like <code>Europe/Berlin</code>, <code>New York</code> or "
    "<code>UTC+2</code>."
)
ASK_WAKE = "⏰ <b>When do you usually wake up?</b>\nTap a time, or type one like <code>6:45</code>."
ASK_SLEEP = (
    "🌙 <b>When do you usually go to sleep?</b>\n"
    "I never send reminders while you sleep. Tap a time, or type one like <code>23:15</code>."
)
ASK_WEIGHT = (
    "⚖️ <b>Your weight (optional)</b>\n"
    "It lets me size your drinks (a few ml per kg). Tap a value, type it like "
    "<code>72 kg</code> or <code>160 lb</code>, or skip."
)
ASK_SEX = (
    "🧬 <b>Daily mineral amounts differ for men and women.</b> Which should I use? (Optional.)"
)
ASK_AGE = "🎂 <b>Some daily amounts change with age.</b> Which band are you in? (Optional.)"
ASK_PREGNANCY = (
    "Are you pregnant or breastfeeding? Then I give no amounts per kg and no weigh-in plans, "
    "and leave how much to drink to your midwife."
)
UNDER_14_NOTE = (
    "👪 For children under 14, please ask a parent to set Limber up with you. I give no "
    "drinking amounts then: drink breaks and thirst, with a parent or coach deciding how much."
)
PREGNANCY_NOTE = (
    "🤰 I give no amounts per kg and no weigh-in plans now, and the check-in's warning signs "
    "include the pregnancy ones. Your midwife can tell you how much to drink."
)

ONBOARDED = (
    "✅ <b>You're all set.</b>\n"
    "Next: add your training with /workout (for example "
    "<code>/workout mon wed fri 18:30 60 run</code>). See everything I can do with /help."
)

BAD_TIMEZONE = "I don't know the time zone “{text}”."
SUGGEST_TIMEZONE = "Did you mean one of these?"
TIMEZONE_HELP = "Try a name like <code>Europe/Berlin</code>, a city like <code>Tokyo</code>, or an offset like <code>UTC-5</code>."
LOCATION_NO_ZONE = "I couldn't find a time zone for that spot (open sea?). Please type it instead."
BAD_TIME = "I couldn't read “{text}” as a time. Try <code>7:00</code>, <code>6:30pm</code> or <code>0630</code>."
BAD_WEIGHT = "I couldn't read “{text}” as a weight. Try <code>72</code>, <code>72.5 kg</code> or <code>160 lb</code> (25–300 kg)."
SHORT_DAY = (
    "That would leave less than {hours} hours between waking and sleeping. Please check the time."
)
TOO_LONG = "That's a long message! I only need a short answer here."
NOT_SET = "not set"

SAVED = "Saved: {label} is now <b>{value}</b>."
SETTINGS_TITLE = "⚙️ <b>Your settings</b>"
WELCOME_BACK = "Welcome back! Here is your profile; change anything with the buttons."

HELP = (
    "<b>What I can do</b>\n"
    "/start – set up, or see your profile\n"
    "/settings – view and change your profile\n"
    "/timezone &lt;zone&gt; – set your time zone, e.g. <code>/timezone Europe/Berlin</code>\n"
    "/workout – add a workout, e.g. <code>/workout mon wed 18:30 60 run</code>; /workouts – see, skip, edit or delete them; /now [minutes] – I'm starting a workout now\n"
    "/import – import workouts from a calendar file (<code>.ics</code>, send it to me) or a link, e.g. <code>/import https://…</code>; <code>/import stop</code> stops following the link\n"
    "/water &lt;ml&gt; – log water, e.g. <code>/water 300</code>\n"
    "/checkin – today's check-in: a few taps about cramps, water, food and training\n"
    "/cramp – what to do during a cramp (stop, stretch, massage), and when to get help\n"
    "/insights – the patterns I see in your check-ins, with the evidence\n"
    "/summary – your last 7 days, with a chart; /stats – streaks and four-week trends\n"
    "/pause – pause reminders, e.g. <code>/pause 3d</code> or <code>/pause until 2026-12-24</code>\n"
    "/resume – turn paused reminders back on\n"
    "/stop – switch all reminders off (one tap turns them back on)\n"
    "/export – get everything I hold about you as a file\n"
    "/delete – erase everything I hold about you\n"
    "/language – change the language I speak\n"
    "/help – this list"
)

ASK_LANGUAGE = "🌐 <b>Which language should I speak?</b>"
LANGUAGE_SET = "🌐 From now on I speak {language}. /help lists everything I can do."
LANGUAGE_SETTING = "Language"

UNKNOWN_COMMAND = "I don't know that command. /help lists everything I can do."
FREE_TEXT = "I'm not sure what to do with that. /help lists everything I can do."
MEDIA = "I can only read text and buttons. /help lists everything I can do."
START_FIRST = "Let's get you set up first: send /start."
STALE_BUTTON = "That button isn't valid any more."
SET_DURING_SETUP = "Already set: {label} is {value}. To change it, use /settings."
OLD_MESSAGE = "That message is from {when} and changes nothing now. Use {where} instead."
NOT_YOUR_BUTTON = "That button belongs to someone else's chat."

EXPORT_CAPTION = "Everything I hold about you ({rows} rows)."
EXPORT_NOTHING = "I hold no data about you."
DELETE_CONFIRM = (
    "⚠️ <b>Delete everything?</b>\n"
    "This erases your profile, workouts, reminders, check-ins and water logs. It can't be undone."
)
DELETE_DONE = (
    "🗑 Done: I deleted all {rows} rows I held about you. "
    "Nothing is left. If you send /start again, we begin from scratch."
)
DELETE_CANCELLED = "Nothing was deleted."
DELETE_NOTHING = "There was nothing to delete: I hold no data about you."

ERROR = (
    "Sorry, something went wrong on my side. Nothing you saved was lost; "
    "please try that again in a moment."
)

TOKEN_MISSING = """\
Limber needs a Telegram bot token to start, and BOT_TOKEN is not set.

Get one from @BotFather in Telegram: send it /newbot, choose a name and a username,
and it replies with a token like 123456789:AAH...; then run
    BOT_TOKEN=123456789:AAH... python -m bot
or put BOT_TOKEN=... in a .env file next to where you start Limber (see .env.example).

To try Limber first, without a token or a network, run the sandbox:
    python -m bot sandbox
and open http://127.0.0.1:8080/ in a browser.
"""
API_UNREACHABLE = (
    "Limber could not reach the Bot API at {url} ({reason}): check this machine's network "
    "connection (and proxy or firewall), or BOT_API_BASE_URL if you set it."
)
TOKEN_REFUSED = (
    "The Bot API at {url} refused BOT_TOKEN: check it with @BotFather (/mybots, API Token)."
)

# Reminders
REMINDER_DONE = "✅ Done. Nice work!"
REMINDER_DONE_LOGGED = "✅ Done: logged {amount} ml. Today so far: {total} ml."
UNDO_DONE = "↩️ Undo"
REMINDER_UNDONE = "↩️ Undone: {amount} ml taken off today's log."
REMINDER_SKIPPED = "Skipped."
REMINDER_SNOOZED = "⏰ Snoozed until {time}."
SNOOZE_PICK = "Snooze for how long?"
SNOOZE_ASK = (
    "How long should I snooze it? Type a duration like <code>45m</code> or <code>2h</code>."
)
BAD_DURATION = "I couldn't read “{text}” as a duration. Try <code>20m</code>, <code>1h</code> or <code>1h30</code>."
REMINDER_GONE = "That reminder is no longer here."
REMINDER_PASSED = (
    "That reminder was for {day} and has passed: it changes nothing now. /water logs water "
    "for today, and the check-in asks about each day's training."
)
WATER_LOGGED = "💧 Logged {amount} ml. Today so far: {total} ml."
WATER_USAGE = "Tell me how much you drank in ml, e.g. <code>/water 300</code> (1–3,000 ml)."
PAUSED = "⏸ Reminders paused until {until} (your time). /resume to start them again sooner."
PAUSE_USAGE = "Pause for how long? For example <code>/pause 3d</code>, <code>/pause 12h</code> or <code>/pause until 2026-12-24</code>."
PAUSE_PAST = (
    "That date has already passed. Try a later one, like <code>/pause until {example}</code>."
)
PAUSE_TOO_LONG = (
    "I can pause reminders for a year at most, until {latest}. "
    "/stop switches them off for as long as you like."
)
RESUMED = "▶️ Reminders are back on."
STOPPED = "🔕 All reminders are off. Nothing is deleted; one tap turns them back on."
STOP_UNDO = "Turn reminders back on"
NEED_SETUP = "Finish setting up first with /start, then I can remind you."

POLLING_TAKEN = """\
Another Limber process is already polling Telegram for this bot (it holds the polling lock
in the database), and Telegram hands each update to one getUpdates consumer only.
Stop that process first, or run several instances with MODE=webhook behind a reverse proxy.
"""

POLLING_CONFLICT = (
    "Telegram answered 409 Conflict to getUpdates: another process polls this bot's updates "
    "(or a webhook is set), so each of them misses updates. Run one polling process, or "
    "several with MODE=webhook."
)

GROUP_WELCOME = (
    "👋 <b>Hi, I'm Limber.</b> In this group I post a warm-up message before each team "
    "session, with an “I'm in” button, a cool-down message after it, and once a week a team "
    "summary of sessions held and turnout.\n"
    "Nobody's health data ever appears here: check-ins, water, cramps and patterns stay in "
    "each person's private chat with me.\n"
    "Admins: add a session in one line, as with /workout: "
    "<code>/team add mon wed 18:30 60 run</code>. /help lists everything."
)
GROUP_HELP = (
    "<b>Limber in this group</b>\n"
    "/team: the team sessions, and a button for your own personal reminders\n"
    "/team add mon wed 18:30 60 run: add a session (admins)\n"
    "/team remove 2: remove session 2 (admins)\n"
    "/timezone Europe/Berlin: the group's time zone, now {zone} (admins)\n"
    "/delete: erase the team and its sessions (admins)\n"
    "Nobody's health data ever appears here."
)
GROUP_ADMINS_ONLY = "Sorry, only the group's admins can change the team's sessions and settings."
TEAM_NO_SESSIONS = (
    "No team sessions yet. An admin can add one: <code>/team add mon wed 18:30 60 run</code>"
)
TEAM_SESSIONS = "<b>Team sessions</b> (time zone {zone}):"
TEAM_PERSONAL = (
    "Want your own reminders to drink, warm up and stretch around these sessions, and the "
    "daily check-in, in your language and time zone? Tap below: they come in your private "
    "chat with me."
)
TEAM_ADD_HOW = (
    "Add a session in one line, as with /workout: <code>/team add mon wed 18:30 60 run</code>"
)
TEAM_ADDED = "✅ Team session added: {session}."
TEAM_REMOVED = "Team session removed: {session}."
TEAM_WHICH = "Which session? Send <code>/team remove 2</code> with its number from /team."
TEAM_FULL = "This team has {count} sessions already: remove one first."
TEAM_ZONE_SET = "The group's time zone is now {zone}; team session times are read in it."
TEAM_ZONE_HOW = (
    "The group's time zone is {zone}. An admin can change it: <code>/timezone Europe/Berlin</code>"
)
TEAM_ERASE_ASK = (
    "Erase this team: its sessions, “I'm in” marks and members' links? Members keep their "
    "own data in their private chats."
)
TEAM_ERASED = (
    "The team is erased. Members' own data stays theirs, in their private chats, under "
    "their own /export and /delete."
)
TEAM_NOTHING = "There is no team in this group yet."
TEAM_YOU_ARE_IN = "You're in!"
TEAM_LINKED = (
    "🤝 You follow the team's sessions now: I'll remind you to drink, warm up and stretch "
    "around them, in your own time zone. /team leave stops it."
)
TEAM_LINKED_LATER = (
    "🤝 Once you're set up, the team's sessions become your workouts, with their reminders."
)
TEAM_LINK_GONE = "That team link no longer works: ask in the group for a new one."
TEAM_LEFT = "You no longer follow any team's sessions; your own workouts and data stay."
TEAM_NONE = "You don't follow any team's sessions."
HELP_TEAM = "/team leave – stop following the teams whose sessions you joined"
TEAM_PRIVATE_HOW = (
    "<code>/team leave</code> stops following the teams you joined; your own workouts and "
    "data stay."
)

OPERATOR = frozenset(
    {"TOKEN_MISSING", "API_UNREACHABLE", "TOKEN_REFUSED", "POLLING_TAKEN", "POLLING_CONFLICT"}
)
"""Console messages for whoever runs Limber: English, like the logs."""

ENGLISH: dict[str, str] = {
    name: value
    for name, value in list(globals().items())
    if name.isupper() and isinstance(value, str) and name not in OPERATOR
}
"""Every message of this module by name, in English (the catalogs' message ids)."""
for _name in ENGLISH:
    del globals()[_name]


def __getattr__(name: str) -> str:
    """``texts.NAME`` in the language in force."""
    try:
        return _(ENGLISH[name])
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
