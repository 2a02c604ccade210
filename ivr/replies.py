"""The IVR's SMS answers about fee disputes and ratings (issue 12), in English, Hindi and Urdu here; Kashmiri and
Dogri (machine-drafted) in ivr/replies_ks_doi.py, merged below.

The answers to status queries, the plain rating thanks and the help SMS (listing STATUS, 1/2/3 and PAID) are in
ivr/prompts.py SMS; reply_text reads both. SMS about a request's life (receipt, a dispute's decision) are dispatch's.
"""

from __future__ import annotations

from core.languages import closest_text
from ivr.prompts import sms_text as prompts_sms_text
from ivr.replies_ks_doi import REPLIES_KS_DOI

REPLIES: dict[str, dict[str, str]] = {
    "paid_how": {
        "en": "DigiDost 1447: to report the fee you paid, send PAID and the amount in rupees, e.g. PAID 100, "
              "or PAID, the 9 digit request number and the amount.",
        "hi": "डिजीदोस्त 1447: दिया गया शुल्क बताने के लिए PAID (या भुगतान) और रुपये में राशि भेजें, जैसे PAID 100, "
              "या PAID, 9 अंकों का अनुरोध नंबर और राशि।",
        "ur": "ڈیجی دوست 1447: دی گئی فیس بتانے کے لیے PAID (یا ادا) اور روپے میں رقم بھیجیں، جیسے PAID 100، "
              "یا PAID، 9 ہندسوں کا درخواست نمبر اور رقم۔",
    },
    "dispute_opened": {
        "en": "DigiDost 1447: fee complaint no. {case} registered for request {number}: you paid Rs {claimed}, "
              "the notified fee is Rs {fee}. A supervisor will look into it and tell you by SMS.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} के लिए शुल्क शिकायत संख्या {case} दर्ज हुई: आपने रु {claimed} दिए, "
              "निर्धारित शुल्क रु {fee} है। पर्यवेक्षक जांच करके आपको SMS से बताएंगे।",
        "ur": "ڈیجی دوست 1447: درخواست {number} کے لیے فیس شکایت نمبر {case} درج ہو گئی: آپ نے روپے {claimed} دیے، "
              "مقررہ فیس روپے {fee} ہے۔ نگران جانچ کر کے آپ کو SMS سے بتائیں گے۔",
    },
    "dispute_already_open": {
        "en": "DigiDost 1447: request {number} already has fee complaint no. {case}, being looked into. "
              "You will get an SMS with the decision.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} की शुल्क शिकायत संख्या {case} पहले से दर्ज है और जांच में है। "
              "फ़ैसला आपको SMS से मिलेगा।",
        "ur": "ڈیجی دوست 1447: درخواست {number} کی فیس شکایت نمبر {case} پہلے سے درج ہے اور زیرِ غور ہے۔ "
              "فیصلہ آپ کو SMS سے ملے گا۔",
    },
    "dispute_already_decided": {
        "en": "DigiDost 1447: fee complaint no. {case} for request {number} was already decided and you were told "
              "by SMS. Call 1447 for more.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} की शुल्क शिकायत संख्या {case} का फ़ैसला हो चुका है और आपको SMS से "
              "बताया गया था। अधिक जानकारी के लिए 1447 पर कॉल करें।",
        "ur": "ڈیجی دوست 1447: درخواست {number} کی فیس شکایت نمبر {case} کا فیصلہ ہو چکا ہے اور آپ کو SMS سے "
              "بتایا گیا تھا۔ مزید معلومات کے لیے 1447 پر کال کریں۔",
    },
    "dispute_no_overcharge": {
        "en": "DigiDost 1447: request {number}: the notified fee is Rs {fee} and you paid Rs {claimed}, which is "
              "not more. We see no overcharge. Thank you for telling us.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: निर्धारित शुल्क रु {fee} है और आपने रु {claimed} दिए, जो इससे "
              "ज़्यादा नहीं है। कोई अधिक वसूली नहीं दिखती। बताने के लिए धन्यवाद।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: مقررہ فیس روپے {fee} ہے اور آپ نے روپے {claimed} دیے، جو اس سے "
              "زیادہ نہیں۔ کوئی زائد وصولی نظر نہیں آتی۔ بتانے کا شکریہ۔",
    },
    "dispute_not_yours": {
        "en": "DigiDost 1447: request {number} was not made from this number. Only the number that made the "
              "request can report the fee paid for it.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} इस नंबर से नहीं किया गया था। केवल अनुरोध करने वाला नंबर ही उसका "
              "दिया गया शुल्क बता सकता है।",
        "ur": "ڈیجی دوست 1447: درخواست {number} اس نمبر سے نہیں کی گئی تھی۔ صرف درخواست کرنے والا نمبر ہی اس کی "
              "دی گئی فیس بتا سکتا ہے۔",
    },
    "dispute_not_completed": {
        "en": "DigiDost 1447: request {number} has no completed visit yet, so no fee was due. Pay only the "
              "notified fee, and only when the agent files your application.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} की विज़िट अभी पूरी नहीं हुई, इसलिए कोई शुल्क देय नहीं था। केवल "
              "निर्धारित शुल्क दें, और तभी जब एजेंट आपका आवेदन जमा करे।",
        "ur": "ڈیجی دوست 1447: درخواست {number} کا دورہ ابھی مکمل نہیں ہوا، اس لیے کوئی فیس واجب نہیں تھی۔ صرف "
              "مقررہ فیس دیں، اور تب ہی جب ایجنٹ آپ کی درخواست جمع کرے۔",
    },
    "dispute_nothing": {
        "en": "DigiDost 1447: we found no completed visit from this number to report a fee for. Send PAID, the "
              "9 digit request number and the amount.",
        "hi": "डिजीदोस्त 1447: इस नंबर से कोई पूरी हुई विज़िट नहीं मिली जिसका शुल्क बताया जा सके। PAID, 9 अंकों का "
              "अनुरोध नंबर और राशि भेजें।",
        "ur": "ڈیجی دوست 1447: اس نمبر سے کوئی مکمل دورہ نہیں ملا جس کی فیس بتائی جا سکے۔ PAID، 9 ہندسوں کا "
              "درخواست نمبر اور رقم بھیجیں۔",
    },
    "rating_thanks_delivery": {
        "en": "DigiDost 1447: thank you for rating the service for request {number} up to delivery.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} की डिलीवरी तक की सेवा का मूल्यांकन करने के लिए धन्यवाद।",
        "ur": "ڈیجی دوست 1447: درخواست {number} کی ترسیل تک کی سروس کی درجہ بندی کا شکریہ۔",
    },
    "rating_bad_followup": {
        "en": "DigiDost 1447: we are sorry the service for request {number} was bad. A supervisor will call you "
              "back on this number to hear what went wrong.",
        "hi": "डिजीदोस्त 1447: हमें खेद है कि अनुरोध {number} की सेवा खराब रही। एक पर्यवेक्षक इसी नंबर पर आपको "
              "कॉल करके जानेंगे कि क्या गलत हुआ।",
        "ur": "ڈیجی دوست 1447: ہمیں افسوس ہے کہ درخواست {number} کی سروس خراب رہی۔ ایک نگران اسی نمبر پر آپ کو "
              "کال کر کے جانیں گے کہ کیا غلط ہوا۔",
    },
}

for _key, _by_language in REPLIES_KS_DOI.items():
    REPLIES[_key].update(_by_language)


def reply_text(key: str, language: str, **params: object) -> str:
    """An SMS answer of the IVR in a language, values filled in. Every answer has a Kashmiri and a Dogri text
    (ivr/replies_ks_doi.py, machine-drafted, to be reviewed); a language without its own text would get the closest
    language's (core.languages.closest_text), never English."""
    texts = REPLIES.get(key)
    if texts is None:
        return prompts_sms_text(key, language, **params)
    return closest_text(texts, language).format(**params)
