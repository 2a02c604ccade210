"""The public fee page's words, and category and department names, in English, Hindi and Urdu."""

from __future__ import annotations

from core.languages import CLOSEST_LANGUAGE, LANGUAGE_NAMES, RTL_LANGUAGES  # noqa: F401  (core/languages.py)
from core.languages import LANGUAGES as SERVICE_LANGUAGES

PAGE_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "title": "Doorstep services and notified fees",
        "intro": "Call 1447 (toll free) and a Common Service Centre agent comes to your door. "
                 "Pay only the fee below; it is fixed by the government and is the same across Jammu & Kashmir.",
        "notification": "Notification",
        "dated": "dated",
        "issued_by": "issued by",
        "in_force_from": "in force from",
        "sample_banner": "SAMPLE fee schedule: these fees are for demonstration only. The administrator will "
                         "replace them with the government's notification.",
        "service": "Service",
        "department": "Department",
        "fee": "Fee",
        "includes_government_fee": "includes government fee",
        "timeline": "Delivered within",
        "days": "days",
        "documents": "Keep ready",
        "no_schedule_title": "The fee schedule is not published yet",
        "no_schedule": "No fee notification is in force at the moment. You can still call 1447; the operator "
                       "will tell you the fee before anything is booked.",
        "overcharging": "Asked to pay more than this? Do not pay; call 1447 and report it.",
    },
    "hi": {
        "title": "घर-द्वार सेवाएँ और अधिसूचित शुल्क",
        "intro": "1447 (टोल फ़्री) पर कॉल करें, कॉमन सर्विस सेंटर का एजेंट आपके घर आएगा। "
                 "केवल नीचे दिया गया शुल्क दें; यह सरकार द्वारा तय है और पूरे जम्मू-कश्मीर में एक समान है।",
        "notification": "अधिसूचना",
        "dated": "दिनांक",
        "issued_by": "जारीकर्ता",
        "in_force_from": "लागू तिथि",
        "sample_banner": "नमूना शुल्क सूची: ये शुल्क केवल प्रदर्शन के लिए हैं। व्यवस्थापक इन्हें सरकार की "
                         "अधिसूचना से बदलेंगे।",
        "service": "सेवा",
        "department": "विभाग",
        "fee": "शुल्क",
        "includes_government_fee": "सरकारी शुल्क सहित",
        "timeline": "सेवा की समय-सीमा",
        "days": "दिन",
        "documents": "ये दस्तावेज़ तैयार रखें",
        "no_schedule_title": "शुल्क सूची अभी प्रकाशित नहीं हुई है",
        "no_schedule": "इस समय कोई शुल्क अधिसूचना लागू नहीं है। आप फिर भी 1447 पर कॉल कर सकते हैं; "
                       "बुकिंग से पहले ऑपरेटर आपको शुल्क बताएगा।",
        "overcharging": "इससे अधिक माँगा जाए? भुगतान न करें; 1447 पर कॉल करके शिकायत करें।",
    },
    "ur": {
        "title": "گھر کی دہلیز پر خدمات اور مقررہ فیس",
        "intro": "1447 (ٹول فری) پر کال کریں، کامن سروس سینٹر کا ایجنٹ آپ کے گھر آئے گا۔ "
                 "صرف نیچے دی گئی فیس ادا کریں؛ یہ حکومت نے مقرر کی ہے اور پورے جموں و کشمیر میں یکساں ہے۔",
        "notification": "نوٹیفکیشن",
        "dated": "بتاریخ",
        "issued_by": "جاری کنندہ",
        "in_force_from": "نافذ از",
        "sample_banner": "نمونہ فیس فہرست: یہ فیسیں صرف مظاہرے کے لیے ہیں۔ منتظم انہیں حکومت کے نوٹیفکیشن "
                         "سے بدل دے گا۔",
        "service": "خدمت",
        "department": "محکمہ",
        "fee": "فیس",
        "includes_government_fee": "سرکاری فیس سمیت",
        "timeline": "مدتِ فراہمی",
        "days": "دن",
        "documents": "یہ کاغذات تیار رکھیں",
        "no_schedule_title": "فیس کی فہرست ابھی شائع نہیں ہوئی",
        "no_schedule": "اس وقت کوئی فیس نوٹیفکیشن نافذ نہیں ہے۔ آپ پھر بھی 1447 پر کال کر سکتے ہیں؛ "
                       "بکنگ سے پہلے آپریٹر آپ کو فیس بتائے گا۔",
        "overcharging": "اس سے زیادہ مانگا جائے؟ ادائیگی نہ کریں؛ 1447 پر کال کر کے شکایت کریں۔",
    },
}

# The public fee page is shown in the languages its words are written in (Kashmiri and Dogri not yet).
LANGUAGES = tuple(code for code in SERVICE_LANGUAGES if code in PAGE_TEXT)

CATEGORY_NAMES: dict[str, dict[str, str]] = {
    "Certificates": {"hi": "प्रमाण पत्र", "ur": "اسناد"},
    "Pensions & welfare": {"hi": "पेंशन और कल्याण", "ur": "پنشن اور فلاح و بہبود"},
    "Health": {"hi": "स्वास्थ्य", "ur": "صحت"},
    "Agriculture": {"hi": "कृषि", "ur": "زراعت"},
    "Land & revenue": {"hi": "भूमि और राजस्व", "ur": "اراضی اور مال"},
    "Utilities": {"hi": "बिजली-पानी", "ur": "بجلی اور پانی"},
    "Labour & employment": {"hi": "श्रम और रोज़गार", "ur": "محنت اور روزگار"},
    "Licences": {"hi": "लाइसेंस और पंजीकरण", "ur": "لائسنس اور رجسٹریشن"},
    "Food & civil supplies": {"hi": "खाद्य और नागरिक आपूर्ति", "ur": "خوراک اور شہری رسدات"},
}

DEPARTMENT_NAMES: dict[str, dict[str, str]] = {
    "Revenue Department": {"hi": "राजस्व विभाग", "ur": "محکمہ مال"},
    "Home Department (J&K Police)": {"hi": "गृह विभाग (जम्मू-कश्मीर पुलिस)",
                                     "ur": "محکمہ داخلہ (جموں و کشمیر پولیس)"},
    "Health & Medical Education Department": {"hi": "स्वास्थ्य एवं चिकित्सा शिक्षा विभाग",
                                              "ur": "محکمہ صحت و طبی تعلیم"},
    "Social Welfare Department": {"hi": "समाज कल्याण विभाग", "ur": "محکمہ سماجی بہبود"},
    "Labour & Employment Department": {"hi": "श्रम एवं रोज़गार विभाग", "ur": "محکمہ محنت و روزگار"},
    "Agriculture Production Department": {"hi": "कृषि उत्पादन विभाग", "ur": "محکمہ زرعی پیداوار"},
    "Jal Shakti Department": {"hi": "जल शक्ति विभाग", "ur": "محکمہ جل شکتی"},
    "Power Development Department": {"hi": "विद्युत विकास विभाग", "ur": "محکمہ ترقیاتِ بجلی"},
    "Food, Civil Supplies & Consumer Affairs Department": {
        "hi": "खाद्य, नागरिक आपूर्ति एवं उपभोक्ता मामले विभाग", "ur": "محکمہ خوراک، شہری رسدات و امورِ صارفین"},
    "Housing & Urban Development Department": {"hi": "आवास एवं शहरी विकास विभाग",
                                               "ur": "محکمہ مکانات و شہری ترقی"},
}


def page_text(language: str) -> dict[str, str]:
    """The page's words in the language (English when unknown)."""
    return PAGE_TEXT.get(language, PAGE_TEXT["en"])


def category_name(category: str, language: str) -> str:
    """A category's name in the language; its English name when no translation is catalogued."""
    names = CATEGORY_NAMES.get(category, {})
    return names.get(language) or names.get(CLOSEST_LANGUAGE.get(language, "")) or category


def department_name(department: str, language: str) -> str:
    """A department's name in the language; its English name when no translation is catalogued."""
    names = DEPARTMENT_NAMES.get(department, {})
    return names.get(language) or names.get(CLOSEST_LANGUAGE.get(language, "")) or department


def rupees(amount: object) -> str:
    """An amount as the page shows it: ₹50, or ₹12.50 when it has paise."""
    text = f"{amount:.2f}"
    return "₹" + (text[:-3] if text.endswith(".00") else text)
