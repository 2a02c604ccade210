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
    "request_waiting": {
        "en": "DigiDost 1447: request {number} for {service}: we are still looking for an agent near you. "
              "You will get an SMS with the visit code when one is assigned.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} ({service}): हम अभी भी आपके पास एक एजेंट ढूंढ रहे हैं। "
              "एजेंट तय होते ही आपको विज़िट कोड के साथ SMS मिलेगा।",
        "ur": "ڈیجی دوست 1447: درخواست {number} ({service}): ہم ابھی بھی آپ کے قریب ایجنٹ تلاش کر رہے ہیں۔ "
              "ایجنٹ طے ہوتے ہی آپ کو وزٹ کوڈ کے ساتھ SMS ملے گا۔",
    },
    "visit_not_home": {
        "en": "DigiDost 1447: request {number}: the agent could not find you at home. We are finding an agent "
              "again; the old visit code no longer works and a new one will come by SMS.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: एजेंट आपको घर पर नहीं मिले। हम फिर से एजेंट ढूंढ रहे हैं; "
              "पुराना विज़िट कोड अब मान्य नहीं है, नया कोड SMS से आएगा।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: ایجنٹ آپ کو گھر پر نہیں ملے۔ ہم دوبارہ ایجنٹ تلاش کر رہے ہیں؛ "
              "پرانا وزٹ کوڈ اب کام نہیں کرے گا، نیا کوڈ SMS سے آئے گا۔",
    },
    "visit_documents_missing": {
        "en": "DigiDost 1447: request {number}: the agent found documents missing. A supervisor will call you "
              "about what to keep ready; the old visit code no longer works.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: एजेंट को दस्तावेज़ अधूरे मिले। एक पर्यवेक्षक आपको बताएंगे कि "
              "क्या तैयार रखना है; पुराना विज़िट कोड अब मान्य नहीं है।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: ایجنٹ کو دستاویزات نامکمل ملیں۔ ایک نگران آپ کو بتائیں گے کہ "
              "کیا تیار رکھنا ہے؛ پرانا وزٹ کوڈ اب کام نہیں کرے گا۔",
    },
    "request_withdrawn": {
        "en": "DigiDost 1447: request {number} for {service} is cancelled as you asked. Call 1447 to book again.",
        "hi": "डिजीदोस्त 1447: आपके कहने पर अनुरोध {number} ({service}) रद्द कर दिया गया है। दोबारा बुक करने के "
              "लिए 1447 पर कॉल करें।",
        "ur": "ڈیجی دوست 1447: آپ کے کہنے پر درخواست {number} ({service}) منسوخ کر دی گئی ہے۔ دوبارہ بک کرنے کے "
              "لیے 1447 پر کال کریں۔",
    },
    "job_to_agent": {
        "en": "DigiDost 1447: a supervisor gave you job {service} at {locality} ({distance} km). "
              "See it in your console.",
        "hi": "डिजीदोस्त 1447: पर्यवेक्षक ने आपको काम {service}, {locality} ({distance} कि.मी.) दिया है। "
              "कंसोल में देखें।",
        "ur": "ڈیجی دوست 1447: نگران نے آپ کو کام {service}، {locality} ({distance} کلومیٹر) دیا ہے۔ "
              "کنسول میں دیکھیں۔",
    },
}


def sms_text(template: str, language: str, **values: object) -> str:
    """The SMS for a template in a language (English when that language has none), values filled in."""
    texts = TEMPLATES[template]
    return texts.get(language, texts["en"]).format(**values)
