"""SMS texts in English, Hindi and Urdu: stable templates (DLT), filled with named values."""

from __future__ import annotations

TEMPLATES: dict[str, dict[str, str]] = {
    "request_created": {
        "en": "DigiDost 1447: your request {number} for {service} is registered. Fee Rs {fee}. "
              "An agent will call you. Status: SMS STATUS {number}",
        "hi": "डिजीदोस्त 1447: {service} के लिए आपका अनुरोध {number} दर्ज हो गया है। शुल्क रु {fee}। "
              "एजेंट आपको कॉल करेगा। स्थिति: STATUS {number} लिखकर SMS करें",
        "ur": "ڈیجی دوست 1447: {service} کے لیے آپ کی درخواست {number} درج ہو گئی ہے۔ فیس روپے {fee}۔ "
              "ایجنٹ آپ کو کال کرے گا۔ صورتحال: STATUS {number} لکھ کر SMS کریں",
    },
    "agent_assigned": {
        "en": "DigiDost 1447: request {number}: {agent} of {centre} will visit you. "
              "Give this visit code only when the agent is at your door: {code}",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: {centre} के {agent} आपके घर आएंगे। "
              "यह कोड केवल एजेंट के आने पर ही बताएं: {code}",
        "ur": "ڈیجی دوست 1447: درخواست {number}: {centre} کے {agent} آپ کے گھر آئیں گے۔ "
              "یہ کوڈ صرف ایجنٹ کے آنے پر بتائیں: {code}",
    },
    "offer_to_agent": {
        "en": "DigiDost 1447: new job {service} at {locality} ({distance} km). Accept within {minutes} min "
              "in your console.",
        "hi": "डिजीदोस्त 1447: नया काम {service}, {locality} ({distance} कि.मी.)। {minutes} मिनट में "
              "कंसोल में स्वीकार करें।",
        "ur": "ڈیجی دوست 1447: نیا کام {service}، {locality} ({distance} کلومیٹر)۔ {minutes} منٹ میں "
              "کنسول میں قبول کریں۔",
    },
    "receipt": {
        "en": "DigiDost 1447 receipt: {service}, application no. {application}, fee paid Rs {fee}, "
              "agent {agent}, {centre}. Rate the visit: reply 1 good, 2 average, 3 bad",
        "hi": "डिजीदोस्त 1447 रसीद: {service}, आवेदन संख्या {application}, शुल्क रु {fee}, "
              "एजेंट {agent}, {centre}। सेवा का मूल्यांकन: 1 अच्छा, 2 ठीक, 3 खराब लिखकर भेजें",
        "ur": "ڈیجی دوست 1447 رسید: {service}، درخواست نمبر {application}، فیس روپے {fee}، "
              "ایجنٹ {agent}، {centre}۔ سروس کی درجہ بندی: 1 اچھا، 2 ٹھیک، 3 خراب لکھ کر بھیجیں",
    },
}


def sms_text(template: str, language: str, **values: object) -> str:
    """The SMS for a template in a language (English when that language has none), values filled in."""
    texts = TEMPLATES[template]
    return texts.get(language, texts["en"]).format(**values)
