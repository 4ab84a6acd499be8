"""The demo dataset as plain, deterministic data (no database): the seeding command writes it to
the ATS database, and sandbox_demo.py turns the same data into the LinkedIn sandbox's members so that
profile matching works out of the box.

INTERFACE (stable; implemented by the store work):

    demo_dataset() -> DemoDataset   # same result on every call (seeded random, no clock)

Identities are those of the Microsoft 365 Agents Playground's default configuration.

Fixed points other code and tests may rely on (tenant Contoso unless said otherwise):
- C1001 and C1002 are both "Anna Jensen" (C1001 exact LinkedIn match, C1002 namesake);
  C1009/C1010 are both "Priya Sharma"; C1014, C1015 and C1016 are all "Lars Hansen".
- C1003 "Søren Kristensen" (exact), C1004 "Åsa Lindqvist" (namesake), C1005 "Øyvind Haugen" (none),
  C1006 "Łukasz Wiśniewski" (exact), C1007 "José García" (namesake, two emails),
  C1008 "Zoë van der Berg" (none), C1011 "Ingrid Solberg" (exact), C1012 "Wei Zhang" (namesake),
  C1013 "Emre Yılmaz" (exact).
- Fabrikam has candidates C1001..C1005 too; its C1001 is also called "Ingrid Solberg" (another person).
- Jobs: J-1001..J-1003 active with a Prospect stage; J-1004 active without one and with a description
  too short for the LinkedIn job feed; J-1005 draft; J-1006 active test job. Fabrikam: F-2001.
- Every name whose LinkedIn category is "none" occurs once in the whole dataset (so the sandbox has no
  member by that name); names shared by several candidates are "exact" or "namesake".
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal

from store.text import fold

DEMO_TENANT_ID = "00000000-0000-0000-0000-0000000000001"
OTHER_TENANT_ID = "99999999-0000-0000-0000-000000000002"  # the second, small tenant

LinkedInMatch = Literal["exact", "namesake", "none"]

# Every timestamp is relative to this instant, never the clock.
REFERENCE_TIME = datetime(2026, 9, 1, tzinfo=UTC)
REFERENCE_MS = int(REFERENCE_TIME.timestamp() * 1000)
_DAY_MS = 86_400_000
_SEED = 20260901

# Playground default identities (tenant Contoso).
ALEX = "00000000-0000-0000-0000-0000000000020"
MEGAN = "00000000-0000-0000-0000-0000000000021"
ADELE = "00000000-0000-0000-0000-0000000000022"
ISAIAH = "00000000-0000-0000-0000-0000000000023"
PATTI = "00000000-0000-0000-0000-0000000000024"
LYNNE = "00000000-0000-0000-0000-0000000000025"
# The Fabrikam admin.
DIEGO = "99999999-0000-0000-0000-000000000020"


@dataclass(frozen=True)
class DemoUser:
    tenant_id: str
    aad_object_id: str
    email: str
    upn: str
    display_name: str
    first_name: str
    last_name: str
    is_admin: bool
    # Job roles are given per job in DemoJob.roles; "ats_user" False means: no ATS user at all.
    ats_user: bool = True
    # LinkedIn member id this user has on the sandbox (Recruiter seat holders), if any.
    # The ATS user starts NOT connected: the seed leaves users.linkedin_member_id empty.
    linkedin_member_id: str | None = None


@dataclass(frozen=True)
class DemoJob:
    tenant_id: str
    job_code: str
    title: str
    status: str  # draft | active | closed
    stages: tuple[str, ...]
    is_test: bool
    post_to_linkedin: bool
    location: str
    description: str
    roles: tuple[tuple[str, str], ...]  # (aad_object_id, hiring_manager|recruiter|interviewer)
    created_at_ms: int = REFERENCE_MS


@dataclass(frozen=True)
class DemoStage:
    stage: str
    entered_at_ms: int  # epoch milliseconds (UTC)
    moved_by_aad_object_id: str | None = None


@dataclass(frozen=True)
class DemoFeedback:
    interviewer_aad_object_id: str
    interview_type: str
    rating: int
    recommendation: str
    text: str
    created_at_ms: int


@dataclass(frozen=True)
class DemoApplication:
    job_code: str
    current_stage: str
    history: tuple[DemoStage, ...]
    feedback: tuple[DemoFeedback, ...] = ()
    source: str = "ats"  # career_site | referral | linkedin | agency
    disposition_reason: str | None = None  # set when the candidate was turned down or withdrew


@dataclass(frozen=True)
class DemoNote:
    author_aad_object_id: str
    text: str
    created_at_ms: int
    job_code: str | None = None


@dataclass(frozen=True)
class DemoCandidate:
    tenant_id: str
    code: str  # e.g. C1001, unique per tenant
    first_name: str
    last_name: str
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    current_company: str | None
    current_title: str | None
    # How LinkedIn (the sandbox) knows this person:
    #   exact    -> a member with this member id AND this primary email; the ATS stores the member id
    #   namesake -> no exact member; 2-3 members share the first and last name (different ids, no email)
    #   none     -> no member with this name at all
    linkedin: LinkedInMatch
    linkedin_member_id: str | None  # set for "exact" only
    applications: tuple[DemoApplication, ...] = ()
    notes: tuple[DemoNote, ...] = ()
    created_at_ms: int = REFERENCE_MS

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class DemoPool:
    tenant_id: str
    name: str
    candidate_codes: tuple[str, ...]
    is_system: bool = False


@dataclass(frozen=True)
class DemoTenant:
    id: str
    name: str


@dataclass(frozen=True)
class DemoDataset:
    tenants: tuple[DemoTenant, ...]
    users: tuple[DemoUser, ...]
    jobs: tuple[DemoJob, ...]
    candidates: tuple[DemoCandidate, ...]
    pools: tuple[DemoPool, ...] = field(default=())


# ---------------------------------------------------------------------------------------------
# Names, companies and titles


# language -> (phone country code, first names, last names)
_NAMES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "da": ("+45", ("Mette", "Søren", "Frederik", "Ida", "Mads", "Sofie", "Jesper", "Maja", "Rasmus",
                   "Kirsten", "Niels", "Birgitte", "Magnus", "Freja"),
           ("Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
            "Jørgensen", "Madsen", "Kjærgaard", "Thomsen", "Poulsen")),
    "no": ("+47", ("Øyvind", "Kari", "Ingrid", "Bjørn", "Sigrid", "Håkon", "Solveig", "Eirik", "Ragnhild",
                   "Torbjørn", "Marit", "Knut"),
           ("Johansen", "Olsen", "Berg", "Haugen", "Bakken", "Solberg", "Løken", "Dahl", "Strøm",
            "Lunde", "Moen", "Aasland")),
    "sv": ("+46", ("Åsa", "Björn", "Linnéa", "Erik", "Karin", "Gustav", "Elin", "Oskar", "Maria",
                   "Sven", "Ebba", "Johan"),
           ("Lindqvist", "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Lindström",
            "Bergström", "Åberg", "Forsberg", "Sjöberg", "Holmgren")),
    "nl": ("+31", ("Zoë", "Daan", "Sanne", "Bram", "Lotte", "Thijs", "Femke", "Joost", "Anouk", "Sem",
                   "Ilse", "Ruud"),
           ("de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "de Boer", "Mulder",
            "van den Broek", "Dekker", "Brouwer", "Kuijpers")),
    "en": ("+44", ("Oliver", "Charlotte", "James", "Emily", "Harry", "Sophie", "Thomas", "Grace",
                   "William", "Olivia", "Jack", "Amelia"),
           ("Smith", "Taylor", "Brown", "Wilson", "Evans", "Thompson", "Wright", "Walker", "Robinson",
            "Hughes", "Edwards", "Clarke")),
    "de": ("+49", ("Jürgen", "Lena", "Maximilian", "Anja", "Felix", "Katrin", "Lukas", "Julia",
                   "Matthias", "Sabine", "Tobias", "Jörg"),
           ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer",
            "Koch", "Groß", "Hartmann", "Krüger")),
    "pl": ("+48", ("Łukasz", "Agnieszka", "Paweł", "Katarzyna", "Michał", "Małgorzata", "Krzysztof",
                   "Zofia", "Tomasz", "Joanna", "Grzegorz", "Ewa"),
           ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
            "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Mazur")),
    "es": ("+34", ("José", "María", "Javier", "Lucía", "Álvaro", "Carmen", "Sergio", "Inés", "Pablo",
                   "Begoña", "Andrés", "Nuria"),
           ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez",
            "Gómez", "Muñoz", "Jiménez", "Ibáñez")),
    "tr": ("+90", ("Emre", "Ayşe", "Mehmet", "Zeynep", "Burak", "Elif", "Çağlar", "Gülşen", "Oğuz",
                   "Şebnem", "Kerem", "İrem"),
           ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Arslan",
            "Doğan", "Koç", "Kılıç")),
    "in": ("+91", ("Priya", "Arjun", "Ananya", "Rahul", "Deepika", "Vikram", "Kavya", "Rohan",
                   "Sneha", "Aditya", "Lakshmi", "Sanjay"),
           ("Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Mehta", "Krishnan", "Banerjee",
            "Singh", "Rao", "Kulkarni")),
    "zh": ("+86", ("Wei", "Li", "Fang", "Jun", "Xiaoming", "Mei", "Hao", "Yan", "Jing", "Lei", "Xin",
                   "Qiang"),
           ("Zhang", "Wang", "Chen", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Lin")),
    "ar": ("+971", ("Mohammed", "Fatima", "Omar", "Layla", "Yousef", "Noor", "Khalid", "Amira",
                    "Hassan", "Rania", "Tariq", "Salma"),
           ("Al-Farsi", "Haddad", "Nasser", "Al-Amin", "Khoury", "Saleh", "Mansour", "El-Sayed",
            "Aziz", "Qureshi", "Hamdan", "Barakat")),
}

_COMPANIES = (
    "Northwind Traders", "Adventure Works", "Tailspin Toys", "Wingtip Toys", "Litware", "Proseware",
    "Woodgrove Bank", "Lamna Healthcare", "Relecloud", "Trey Research", "Wide World Importers",
    "Coho Winery", "Alpine Ski House", "Blue Yonder Airlines", "Margie's Travel", "Fourth Coffee",
    "Humongous Insurance", "VanArsdel", "Lucerne Publishing", "A. Datum Corporation", "Bellows College",
    "Consolidated Messenger", "Southridge Video", "Graphic Design Institute",
)

_TITLES = (
    "Software Engineer", "Senior Software Engineer", "Backend Developer", "Python Developer",
    "Data Engineer", "Data Analyst", "Machine Learning Engineer", "DevOps Engineer",
    "Site Reliability Engineer", "Product Designer", "UX Researcher", "UI Designer",
    "Product Manager", "Engineering Manager", "Customer Success Manager", "Account Executive",
    "Sales Manager", "Business Analyst", "QA Engineer", "Frontend Developer", "Solutions Architect",
    "Technical Support Specialist", "Marketing Manager", "Project Manager",
)

_EMAIL_DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com", "post.example.net")

# Deliberate fixed candidates: (code suffix, language, first, last, linkedin category).
_FIXED: tuple[tuple[str, str, str, LinkedInMatch], ...] = (
    ("da", "Anna", "Jensen", "exact"),
    ("da", "Anna", "Jensen", "namesake"),
    ("da", "Søren", "Kristensen", "exact"),
    ("sv", "Åsa", "Lindqvist", "namesake"),
    ("no", "Øyvind", "Haugen", "none"),
    ("pl", "Łukasz", "Wiśniewski", "exact"),
    ("es", "José", "García", "namesake"),
    ("nl", "Zoë", "van der Berg", "none"),
    ("in", "Priya", "Sharma", "exact"),
    ("in", "Priya", "Sharma", "namesake"),
    ("no", "Ingrid", "Solberg", "exact"),
    ("zh", "Wei", "Zhang", "namesake"),
    ("tr", "Emre", "Yılmaz", "exact"),
    ("da", "Lars", "Hansen", "exact"),
    ("da", "Lars", "Hansen", "namesake"),
    ("da", "Lars", "Hansen", "namesake"),
)

# Contoso's candidates (200 in all) by how they match a LinkedIn member.
_CATEGORY_COUNTS: dict[LinkedInMatch, int] = {"exact": 80, "namesake": 80, "none": 40}

# ---------------------------------------------------------------------------------------------
# Tenants, users and jobs

_TENANTS = (DemoTenant(DEMO_TENANT_ID, "Contoso"), DemoTenant(OTHER_TENANT_ID, "Fabrikam"))

_USERS = (
    DemoUser(DEMO_TENANT_ID, ALEX, "alexw@example.com", "alexw@example.com", "Alex Wilber", "Alex",
             "Wilber", is_admin=True, linkedin_member_id="mbr-9020"),
    DemoUser(DEMO_TENANT_ID, MEGAN, "meganb@example.com", "meganb@example.com", "Megan Bowen", "Megan",
             "Bowen", is_admin=False, linkedin_member_id="mbr-9021"),
    DemoUser(DEMO_TENANT_ID, ADELE, "adelev@example.com", "adelev@example.com", "Adele Vance", "Adele",
             "Vance", is_admin=False),
    DemoUser(DEMO_TENANT_ID, ISAIAH, "isaiahl@example.com", "isaiah@example.com", "Isaiah Langer",
             "Isaiah", "Langer", is_admin=False),
    DemoUser(DEMO_TENANT_ID, PATTI, "pattif@example.com", "pattif@example.com", "Patti Fernandez",
             "Patti", "Fernandez", is_admin=False, linkedin_member_id="mbr-9024"),
    DemoUser(DEMO_TENANT_ID, LYNNE, "lynner@example.com", "lynner@example.com", "Lynne Robbins", "Lynne",
             "Robbins", is_admin=False, ats_user=False),
    DemoUser(OTHER_TENANT_ID, DIEGO, "diegos@fabrikam.example.com", "diegos@fabrikam.example.com",
             "Diego Siciliani", "Diego", "Siciliani", is_admin=True),
)

PROSPECT_STAGES = ("Prospect", "Applied", "Screening", "Interview", "Offer", "Hired")
_NO_PROSPECT_STAGES = ("Applied", "Phone screen", "Interview", "Offer", "Hired")

_ABOUT_CONTOSO = (
    " Contoso builds cloud software for logistics companies across Europe. We offer flexible hours, "
    "a hybrid way of working, a learning budget and a team that reviews code kindly."
)


def _days_ago(days: float) -> int:
    return REFERENCE_MS - int(days * _DAY_MS)


_JOBS = (
    DemoJob(
        DEMO_TENANT_ID, "J-1001", "Senior Backend Engineer (Python)", "active", PROSPECT_STAGES,
        is_test=False, post_to_linkedin=True, location="Copenhagen, Denmark",
        description=(
            "You will design and run the Python services behind our route-planning platform: "
            "asynchronous APIs, PostgreSQL, event streams and the tests that keep them honest. "
            "You have shipped backend systems to production and enjoy mentoring." + _ABOUT_CONTOSO
        ),
        roles=((MEGAN, "recruiter"), (ALEX, "recruiter"), (ADELE, "hiring_manager"), (ISAIAH, "interviewer")),
        created_at_ms=_days_ago(150),
    ),
    DemoJob(
        DEMO_TENANT_ID, "J-1002", "Product Designer", "active", PROSPECT_STAGES,
        is_test=False, post_to_linkedin=True, location="Amsterdam, Netherlands (hybrid)",
        description=(
            "Shape how dispatchers and drivers use Contoso every day. You will run discovery with "
            "customers, prototype in Figma, and work side by side with engineers until it ships. "
            "A portfolio that shows your process matters more than polish." + _ABOUT_CONTOSO
        ),
        roles=((MEGAN, "recruiter"), (PATTI, "recruiter"), (ALEX, "recruiter"), (ADELE, "hiring_manager"),
               (ISAIAH, "interviewer")),
        created_at_ms=_days_ago(140),
    ),
    DemoJob(
        DEMO_TENANT_ID, "J-1003", "Data Engineer", "active", PROSPECT_STAGES,
        is_test=False, post_to_linkedin=True, location="Stockholm, Sweden / Remote (EU)",
        description=(
            "Build the pipelines that turn millions of shipment events a day into forecasts our "
            "customers trust. SQL, Python, dbt and a streaming platform are your tools; data quality "
            "and clear documentation are your habits." + _ABOUT_CONTOSO
        ),
        roles=((ALEX, "recruiter"), (MEGAN, "recruiter"), (ADELE, "hiring_manager"), (ISAIAH, "interviewer")),
        created_at_ms=_days_ago(120),
    ),
    DemoJob(
        DEMO_TENANT_ID, "J-1004", "Customer Success Manager", "active", _NO_PROSPECT_STAGES,
        is_test=False, post_to_linkedin=True, location="Oslo, Norway",
        # Deliberately shorter than the 100 characters the LinkedIn job feed requires.
        description="Help Nordic customers succeed with Contoso.",
        roles=(
            (PATTI, "recruiter"), (MEGAN, "recruiter"), (ADELE, "hiring_manager"), (ISAIAH, "interviewer"),
        ),
        created_at_ms=_days_ago(100),
    ),
    DemoJob(
        DEMO_TENANT_ID, "J-1005", "Head of Sales, Nordics", "draft", PROSPECT_STAGES,
        is_test=False, post_to_linkedin=True, location="Copenhagen, Denmark",
        description=(
            "Lead and grow our Nordic sales team of eight. You own the regional number, coach account "
            "executives, and partner with marketing and customer success on a predictable pipeline."
            + _ABOUT_CONTOSO
        ),
        roles=((ALEX, "recruiter"), (ADELE, "hiring_manager")),
        created_at_ms=_days_ago(10),
    ),
    DemoJob(
        DEMO_TENANT_ID, "J-1006", "TEST - Integration check (do not publish)", "active", PROSPECT_STAGES,
        is_test=True, post_to_linkedin=True, location="Copenhagen, Denmark",
        description=(
            "A test job used to try the LinkedIn integration end to end. It must never be published to "
            "LinkedIn: LinkedIn has no test environment, so test jobs stay inside the ATS."
        ),
        roles=((ALEX, "recruiter"), (MEGAN, "recruiter"), (ADELE, "hiring_manager")),
        created_at_ms=_days_ago(60),
    ),
    DemoJob(
        OTHER_TENANT_ID, "F-2001", "Warehouse Operations Lead", "active", PROSPECT_STAGES,
        is_test=False, post_to_linkedin=False, location="Rotterdam, Netherlands",
        description=(
            "Run day-to-day operations in our Rotterdam fulfilment centre: shift planning, safety, "
            "inbound and outbound flows, and a team of forty. Fabrikam makes outdoor furniture."
        ),
        roles=((DIEGO, "recruiter"), (DIEGO, "hiring_manager")),
        created_at_ms=_days_ago(45),
    ),
)

# Which jobs receive applications, with weights (the draft gets none; the test job only a few).
_APPLY_WEIGHTS = (("J-1001", 30), ("J-1002", 22), ("J-1003", 26), ("J-1004", 16), ("J-1006", 3))
_STAGE_WEIGHTS = {"Prospect": 22, "Applied": 24, "Screening": 20, "Interview": 18, "Offer": 9, "Hired": 7}
_SOURCES = (("career_site", 45), ("linkedin", 25), ("referral", 18), ("agency", 12))
_RECRUITERS_BY_JOB = {
    job.job_code: tuple(aad for aad, role in job.roles if role == "recruiter") for job in _JOBS
}

_FEEDBACK_TEXT = {
    "strong_hire": (
        "Outstanding depth; explained trade-offs clearly and asked sharp questions about our domain.",
        "Best conversation this round. Structured, pragmatic and clearly enjoys working with others.",
    ),
    "hire": (
        "Solid fundamentals and good communication. Some gaps in system design, nothing worrying.",
        "Good fit for the team; would benefit from a mentor in the first months.",
        "Practical problem solver, gave concrete examples from past projects.",
    ),
    "no_hire": (
        "Struggled with the practical exercise and could not explain earlier design choices.",
        "Friendly and motivated, but the experience does not match the level of this role yet.",
    ),
}
_NOTE_TEXT = (
    "Had a quick intro call; open to relocation within the Nordics.",
    "Notice period is three months. Salary expectations within range.",
    "Referred by a former colleague on the platform team.",
    "Prefers a hybrid setup, two days in the office at most.",
    "Asked to be considered for senior roles only.",
    "Follow up after the summer holidays.",
    "Strong portfolio, shared a case study about route optimisation.",
    "Currently interviewing elsewhere; keep the process moving.",
    "Speaks Danish, English and German fluently.",
    "Would like to hear more about the on-call rotation before the next step.",
)


# ---------------------------------------------------------------------------------------------
# Generation


class _Builder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used_emails: set[str] = set()
        self.used_member_ids: set[str] = {u.linkedin_member_id for u in _USERS if u.linkedin_member_id}
        # How often each folded name occurs in the dataset, and the names that must stay unique.
        self.name_counts: dict[str, int] = {}

    def weighted(self, pairs: tuple[tuple[str, int], ...] | list[tuple[str, int]]) -> str:
        return self.rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]

    def member_id(self) -> str:
        while True:
            candidate = f"mbr-{self.rng.randrange(1000, 8999)}"
            if candidate not in self.used_member_ids:
                self.used_member_ids.add(candidate)
                return candidate

    def emails(self, first: str, last: str, count: int) -> tuple[str, ...]:
        base_first = "".join(ch for ch in fold(first) if ch.isalnum())
        base_last = "".join(ch for ch in fold(last) if ch.isalnum())
        patterns = (f"{base_first}.{base_last}", f"{base_first[0]}{base_last}", f"{base_first}{base_last[0]}")
        result: list[str] = []
        attempt = 0
        while len(result) < count:
            local = patterns[attempt % len(patterns)]
            if attempt >= len(patterns):
                local = f"{local}{self.rng.randrange(2, 99)}"
            address = f"{local}@{self.rng.choice(_EMAIL_DOMAINS)}"
            attempt += 1
            if address not in self.used_emails:
                self.used_emails.add(address)
                result.append(address)
        return tuple(result)

    def phone(self, country_code: str) -> str:
        digits = str(self.rng.randrange(2, 10)) + "".join(str(self.rng.randrange(10)) for _ in range(7))
        return f"{country_code} {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}"

    def history(self, job: DemoJob, current: str, start_ms: int) -> tuple[DemoStage, ...]:
        stages = job.stages
        end = stages.index(current)
        begin = 0
        if stages[0] == "Prospect" and current != "Prospect" and self.rng.random() < 0.7:
            begin = 1  # most applicants apply directly; sourced ones start as prospects
        recruiters = _RECRUITERS_BY_JOB[job.job_code]
        steps = end - begin
        # Spread the moves over the time left before the reference instant, strictly increasing.
        step_max = max(2 * 3_600_000, (REFERENCE_MS - 3_600_000 - start_ms) // max(steps, 1))
        moments = start_ms
        result = []
        for index, stage in enumerate(stages[begin : end + 1]):
            if index:
                moments += self.rng.randrange(step_max // 3, step_max)
            mover = None if index == 0 and stage == "Applied" else self.rng.choice(recruiters)
            result.append(DemoStage(stage, moments, mover))
        return tuple(result)

    def feedback(self, job: DemoJob, history: tuple[DemoStage, ...]) -> tuple[DemoFeedback, ...]:
        interview = next((s for s in history if s.stage == "Interview"), None)
        if interview is None:
            return ()
        interviewers = [ISAIAH, ADELE] if self.rng.random() < 0.6 else [self.rng.choice([ISAIAH, ADELE])]
        result = []
        for offset, who in enumerate(interviewers):
            reached_offer = any(s.stage in ("Offer", "Hired") for s in history)
            if reached_offer:
                recommendation = self.weighted([("strong_hire", 2), ("hire", 5)])
            else:
                recommendation = self.weighted([("strong_hire", 1), ("hire", 4), ("no_hire", 3)])
            rating = {"strong_hire": 5, "hire": self.rng.choice((3, 4)), "no_hire": self.rng.choice((1, 2))}[
                recommendation
            ]
            kind = "Technical interview" if who == ISAIAH else "Hiring manager interview"
            created = interview.entered_at_ms + (offset + 1) * _DAY_MS + self.rng.randrange(0, 6 * 3_600_000)
            text = self.rng.choice(_FEEDBACK_TEXT[recommendation])
            created = min(created, REFERENCE_MS - 3_600_000)
            result.append(DemoFeedback(who, kind, rating, recommendation, text, created))
        return tuple(result)

    def application(self, job: DemoJob) -> DemoApplication:
        stage_pairs = [(s, _STAGE_WEIGHTS.get(s, 20)) for s in job.stages]  # "Phone screen" gets 20
        current = self.weighted(stage_pairs)
        span_days = max(5, (REFERENCE_MS - job.created_at_ms) // _DAY_MS - 60)
        start = REFERENCE_MS - (self.rng.randrange(55, 55 + span_days) * _DAY_MS) + self.rng.randrange(
            0, _DAY_MS
        )
        start = max(start, job.created_at_ms + _DAY_MS)
        history = self.history(job, current, start)
        source = "linkedin" if history[0].stage == "Prospect" else self.weighted(_SOURCES[:1] + _SOURCES[2:])
        disposition = None
        if current in ("Screening", "Interview", "Phone screen") and self.rng.random() < 0.15:
            disposition = self.rng.choice(("Not a fit for the role", "Withdrew", "Accepted another offer"))
        feedback = self.feedback(job, history)
        return DemoApplication(job.job_code, current, history, feedback, source, disposition)

    def notes(self, applications: tuple[DemoApplication, ...], created_ms: int) -> tuple[DemoNote, ...]:
        count = self.weighted([("0", 45), ("1", 35), ("2", 20)])
        result = []
        for _ in range(int(count)):
            app = self.rng.choice(applications) if applications and self.rng.random() < 0.7 else None
            author = self.rng.choice(_RECRUITERS_BY_JOB[app.job_code]) if app else self.rng.choice(
                (ALEX, MEGAN, PATTI)
            )
            after = app.history[0].entered_at_ms if app else created_ms
            at = min(after + self.rng.randrange(1, 20) * _DAY_MS, REFERENCE_MS - 7_200_000)
            result.append(DemoNote(author, self.rng.choice(_NOTE_TEXT), at, app.job_code if app else None))
        return tuple(sorted(result, key=lambda n: n.created_at_ms))

    def candidate(
        self, tenant_id: str, code: str, lang: str, first: str, last: str, category: LinkedInMatch,
        jobs: dict[str, DemoJob], apply_to: tuple[tuple[str, int], ...], email_count: int | None = None,
    ) -> DemoCandidate:
        rng = self.rng
        country_code = _NAMES[lang][0]
        if email_count is None:
            email_count = 2 if rng.random() < 0.15 else 1
        emails = self.emails(first, last, email_count)
        phones = tuple(self.phone(country_code) for _ in range(2 if rng.random() < 0.1 else 1))
        if rng.random() < 0.05:
            phones = ()
        company = rng.choice(_COMPANIES) if rng.random() < 0.93 else None
        title = rng.choice(_TITLES) if company else None
        n_apps = min(int(self.weighted([("0", 10), ("1", 72), ("2", 18)])), len(apply_to))
        codes: list[str] = []
        while len(codes) < n_apps:
            job_code = self.weighted(apply_to)
            if job_code not in codes:
                codes.append(job_code)
        applications = tuple(self.application(jobs[c]) for c in codes)
        first_seen = min(
            (a.history[0].entered_at_ms for a in applications), default=_days_ago(rng.randrange(30, 700))
        )
        created = first_seen - rng.randrange(0, 3) * _DAY_MS
        self.name_counts[fold(f"{first} {last}")] = self.name_counts.get(fold(f"{first} {last}"), 0) + 1
        return DemoCandidate(
            tenant_id=tenant_id, code=code, first_name=first, last_name=last, emails=emails, phones=phones,
            current_company=company, current_title=title, linkedin=category,
            linkedin_member_id=self.member_id() if category == "exact" else None,
            applications=applications, notes=self.notes(applications, created), created_at_ms=created,
        )


def _contoso_people(rng: random.Random) -> list[tuple[str, str, str, LinkedInMatch]]:
    """(language, first, last, category) for all Contoso candidates, fixed ones first."""
    people: list[tuple[str, str, str, LinkedInMatch]] = list(_FIXED)
    remaining = dict(_CATEGORY_COUNTS)
    for _, _, _, category in _FIXED:
        remaining[category] -= 1
    categories: list[LinkedInMatch] = [c for c, n in remaining.items() for _ in range(n)]
    rng.shuffle(categories)
    taken = {fold(f"{f} {la}") for _, f, la, _ in _FIXED} | {fold("Ingrid Solberg")}
    taken |= {fold(u.display_name) for u in _USERS}
    languages = sorted(_NAMES)
    for category in categories:
        while True:
            lang = rng.choice(languages)
            first = rng.choice(_NAMES[lang][1])
            last = rng.choice(_NAMES[lang][2])
            key = fold(f"{first} {last}")
            if key not in taken:
                taken.add(key)
                break
        people.append((lang, first, last, category))
    return people


@lru_cache(maxsize=1)
def demo_dataset() -> DemoDataset:
    """The whole demo dataset; identical on every call (a fixed seed and a fixed reference time)."""
    rng = random.Random(_SEED)
    builder = _Builder(rng)
    jobs = {job.job_code: job for job in _JOBS}
    candidates: list[DemoCandidate] = []
    for index, (lang, first, last, category) in enumerate(_contoso_people(rng)):
        candidates.append(
            builder.candidate(DEMO_TENANT_ID, f"C{1001 + index}", lang, first, last, category, jobs,
                              _APPLY_WEIGHTS, email_count=2 if (first, last) == ("José", "García") else None)
        )
    fabrikam_people: tuple[tuple[str, str, str, LinkedInMatch], ...] = (
        ("no", "Ingrid", "Solberg", "exact"),  # a namesake of Contoso's C1011: another person
        ("nl", "Pieter", "Hoekstra", "none"),
        ("de", "Annika", "Vogel", "namesake"),
        ("en", "Callum", "McIntyre", "exact"),
        ("es", "Marta", "Ortega", "none"),
    )
    for index, (lang, first, last, category) in enumerate(fabrikam_people):
        candidates.append(
            builder.candidate(OTHER_TENANT_ID, f"C{1001 + index}", lang, first, last, category, jobs,
                              (("F-2001", 1),))
        )
    _check_unique_none_names(candidates, builder.name_counts)

    contoso = [c for c in candidates if c.tenant_id == DEMO_TENANT_ID]
    engineers = tuple(
        c.code for c in contoso
        if c.current_title and ("Engineer" in c.current_title or "Developer" in c.current_title)
    )[:25]
    designers = tuple(
        c.code for c in contoso
        if (c.current_title and "Design" in c.current_title)
        or any(a.job_code == "J-1002" for a in c.applications)
    )[:20]
    silver = tuple(
        c.code for c in contoso
        if any(a.current_stage in ("Interview", "Offer") and a.disposition_reason for a in c.applications)
        or any(f.recommendation == "strong_hire" for a in c.applications for f in a.feedback
               if a.current_stage != "Hired")
    )[:15]
    pools = (
        DemoPool(DEMO_TENANT_ID, "Nordic engineering talent", engineers),
        DemoPool(DEMO_TENANT_ID, "Design community", designers),
        DemoPool(DEMO_TENANT_ID, "Silver medallists", silver),
        DemoPool(OTHER_TENANT_ID, "Warehouse leads", ("C1001", "C1003")),
    )
    return DemoDataset(_TENANTS, _USERS, _JOBS, tuple(candidates), pools)


def _check_unique_none_names(candidates: list[DemoCandidate], counts: dict[str, int]) -> None:
    for candidate in candidates:
        if candidate.linkedin == "none" and counts[fold(candidate.full_name)] != 1:
            raise AssertionError(f"'none' name must be unique: {candidate.full_name}")
