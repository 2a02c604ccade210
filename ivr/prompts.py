"""Every word the IVR speaks or texts, in English, Hindi (Devanagari) and Urdu (Urdu script).

A prompt is a key and named parameters; a parameter may itself be a {en, hi, ur} dict (a service's name),
and is then taken in the language the text is rendered in.
"""

from __future__ import annotations

from decimal import Decimal

from core.languages import DEFAULT_LANGUAGE, LANGUAGES, closest_text  # noqa: F401  (the one list: core/languages.py)
from dispatch.numbers import request_number_problem
from ivr.prompts_ks_doi import LIST_SEPARATOR_KS_DOI, NUMBER_PROBLEM_SMS_KS_DOI, PROMPTS_KS_DOI, SMS_KS_DOI

# Each language is spoken by its own voice, reading the text in its own script: English and Hindi by an Indian
# voice (Polly.Aditi speaks both), Urdu by Google's Urdu voice reading Urdu (Perso-Arabic) script. The voice and
# its language code per language are settings (core/settings.py IVR_VOICE_<LANG>, IVR_LANGUAGE_<LANG>); a
# recording in static/ivr/audio/<lang>/<key>.mp3 is played instead of a parameterless prompt when it exists.

PROMPTS: dict[str, dict[str, str]] = {
    "language_option": {
        "en": "For English, press 1.",
        "hi": "हिंदी के लिए 2 दबाएँ।",
        "ur": "اردو کے لیے 3 دبائیں۔",
    },
    "welcome": {
        "en": "Welcome to DigiDost 1447, government services at your doorstep in Jammu and Kashmir.",
        "hi": "डिजीदोस्त 1447 में आपका स्वागत है। जम्मू और कश्मीर की सरकारी सेवाएँ, आपके घर पर।",
        "ur": "ڈیجی دوست 1447 میں خوش آمدید۔ جموں و کشمیر کی سرکاری خدمات، آپ کے گھر پر۔",
    },
    "restart": {
        "en": "Sorry, we lost track of your call. Let us start again.",
        "hi": "क्षमा करें, आपकी कॉल की जानकारी खो गई। आइए फिर से शुरू करें।",
        "ur": "معاف کیجیے، آپ کی کال کی معلومات کھو گئیں۔ آئیے پھر سے شروع کریں۔",
    },
    "main_menu": {
        "en": "For a new doorstep service, press 1. To know the status of a request, press 2. "
              "To talk to an operator, press 0. To change the language, press star.",
        "hi": "घर पर नई सेवा के लिए 1 दबाएँ। किसी अनुरोध की स्थिति जानने के लिए 2 दबाएँ। "
              "ऑपरेटर से बात करने के लिए 0 दबाएँ। भाषा बदलने के लिए स्टार दबाएँ।",
        "ur": "گھر پر نئی سروس کے لیے 1 دبائیں۔ کسی درخواست کی صورتحال جاننے کے لیے 2 دبائیں۔ "
              "آپریٹر سے بات کرنے کے لیے 0 دبائیں۔ زبان بدلنے کے لیے اسٹار دبائیں۔",
    },
    "choose_category": {
        "en": "Please choose the kind of service.",
        "hi": "कृपया सेवा का प्रकार चुनें।",
        "ur": "براہ کرم سروس کی قسم چنیں۔",
    },
    "choose_service": {
        "en": "Please choose the service.",
        "hi": "कृपया सेवा चुनें।",
        "ur": "براہ کرم سروس چنیں۔",
    },
    "option": {
        "en": "For {label}, press {digit}.",
        "hi": "{label} के लिए {digit} दबाएँ।",
        "ur": "{label} کے لیے {digit} دبائیں۔",
    },
    "more_options": {
        "en": "For more choices, press 9.",
        "hi": "और विकल्पों के लिए 9 दबाएँ।",
        "ur": "مزید اختیارات کے لیے 9 دبائیں۔",
    },
    "back_option": {
        "en": "To go back, press star. For an operator, press 0.",
        "hi": "पीछे जाने के लिए स्टार दबाएँ। ऑपरेटर के लिए 0 दबाएँ।",
        "ur": "واپس جانے کے لیے اسٹار دبائیں۔ آپریٹر کے لیے 0 دبائیں۔",
    },
    "no_services": {
        "en": "Sorry, no service can be booked by phone at the moment.",
        "hi": "क्षमा करें, इस समय फ़ोन पर कोई सेवा बुक नहीं हो सकती।",
        "ur": "معاف کیجیے، اس وقت فون پر کوئی سروس بک نہیں ہو سکتی۔",
    },
    "pin_ask": {
        "en": "Please key in the 6 digit PIN code of the place to visit, then press hash. To go back, press star.",
        "hi": "कृपया जहाँ एजेंट को आना है वहाँ का 6 अंकों का पिन कोड दबाएँ, फिर हैश दबाएँ। "
              "पीछे जाने के लिए स्टार दबाएँ।",
        "ur": "براہ کرم جہاں ایجنٹ کو آنا ہے وہاں کا 6 ہندسوں کا پن کوڈ دبائیں، پھر ہیش دبائیں۔ "
              "واپس جانے کے لیے اسٹار دبائیں۔",
    },
    "pin_readback": {
        "en": "PIN code {pin}: {locality}, district {district}. To confirm, press 1. To enter it again, press 2.",
        "hi": "पिन कोड {pin}: {locality}, ज़िला {district}। सही है तो 1 दबाएँ। दोबारा डालने के लिए 2 दबाएँ।",
        "ur": "پن کوڈ {pin}: {locality}، ضلع {district}۔ تصدیق کے لیے 1 دبائیں۔ دوبارہ ڈالنے کے لیے 2 دبائیں۔",
    },
    "pin_malformed": {
        "en": "A PIN code has 6 digits and does not start with zero.",
        "hi": "पिन कोड में 6 अंक होते हैं और वह शून्य से शुरू नहीं होता।",
        "ur": "پن کوڈ میں 6 ہندسے ہوتے ہیں اور وہ صفر سے شروع نہیں ہوتا۔",
    },
    "pin_unknown": {
        "en": "We could not find the PIN code {pin}.",
        "hi": "हमें पिन कोड {pin} नहीं मिला।",
        "ur": "ہمیں پن کوڈ {pin} نہیں ملا۔",
    },
    "pin_outside": {
        "en": "The PIN code {pin} is outside Jammu and Kashmir. We serve Jammu and Kashmir only.",
        "hi": "पिन कोड {pin} जम्मू और कश्मीर से बाहर का है। हम केवल जम्मू और कश्मीर में सेवा देते हैं।",
        "ur": "پن کوڈ {pin} جموں و کشمیر سے باہر کا ہے۔ ہم صرف جموں و کشمیر میں سروس دیتے ہیں۔",
    },
    "quote": {
        "en": "{service}. The notified fee is {total} rupees: service fee {service_fee} rupees and "
              "government fee {government_fee} rupees. Do not pay more than this.",
        "hi": "{service}। इसका तय शुल्क {total} रुपये है: सेवा शुल्क {service_fee} रुपये और सरकारी शुल्क "
              "{government_fee} रुपये। इससे ज़्यादा पैसे न दें।",
        "ur": "{service}۔ مقررہ فیس {total} روپے ہے: سروس فیس {service_fee} روپے اور سرکاری فیس "
              "{government_fee} روپے۔ اس سے زیادہ ادا نہ کریں۔",
    },
    "documents": {
        "en": "Please keep these documents ready: {documents}.",
        "hi": "कृपया ये दस्तावेज़ तैयार रखें: {documents}।",
        "ur": "براہ کرم یہ دستاویزات تیار رکھیں: {documents}۔",
    },
    "no_documents": {
        "en": "No documents are needed.",
        "hi": "किसी दस्तावेज़ की ज़रूरत नहीं है।",
        "ur": "کسی دستاویز کی ضرورت نہیں ہے۔",
    },
    "quote_menu": {
        "en": "To confirm the request, press 1. To cancel, press 2.",
        "hi": "अनुरोध पक्का करने के लिए 1 दबाएँ। रद्द करने के लिए 2 दबाएँ।",
        "ur": "درخواست کی تصدیق کے لیے 1 دبائیں۔ منسوخ کرنے کے لیے 2 دبائیں۔",
    },
    "fee_unavailable": {
        "en": "Sorry, no fee is notified for this service at the moment, so it cannot be booked by phone.",
        "hi": "क्षमा करें, इस सेवा का शुल्क अभी तय नहीं है, इसलिए इसे फ़ोन पर बुक नहीं किया जा सकता।",
        "ur": "معاف کیجیے، اس سروس کی فیس ابھی مقرر نہیں ہے، اس لیے اسے فون پر بک نہیں کیا جا سکتا۔",
    },
    "cancelled": {
        "en": "Nothing has been booked.",
        "hi": "कुछ भी बुक नहीं किया गया है।",
        "ur": "کچھ بھی بک نہیں کیا گیا ہے۔",
    },
    "registered": {
        "en": "Your request is registered. Your request number is",
        "hi": "आपका अनुरोध दर्ज हो गया है। आपका अनुरोध नंबर है",
        "ur": "آپ کی درخواست درج ہو گئی ہے۔ آپ کا درخواست نمبر ہے",
    },
    "repeat_number": {
        "en": "Once again, your request number is",
        "hi": "फिर से, आपका अनुरोध नंबर है",
        "ur": "ایک بار پھر، آپ کا درخواست نمبر ہے",
    },
    "sms_follows": {
        "en": "We are sending it to you by SMS. An agent will call you before the visit.",
        "hi": "हम इसे आपको SMS से भेज रहे हैं। आने से पहले एजेंट आपको कॉल करेगा।",
        "ur": "ہم اسے آپ کو SMS سے بھیج رہے ہیں۔ آنے سے پہلے ایجنٹ آپ کو کال کرے گا۔",
    },
    "goodbye": {
        "en": "Thank you for calling DigiDost. Goodbye.",
        "hi": "डिजीदोस्त को कॉल करने के लिए धन्यवाद। नमस्ते।",
        "ur": "ڈیجی دوست کو کال کرنے کا شکریہ۔ خدا حافظ۔",
    },
    "status_ask": {
        "en": "Please key in your 9 digit request number, then press hash. To go back, press star.",
        "hi": "कृपया अपना 9 अंकों का अनुरोध नंबर दबाएँ, फिर हैश दबाएँ। पीछे जाने के लिए स्टार दबाएँ।",
        "ur": "براہ کرم اپنا 9 ہندسوں کا درخواست نمبر دبائیں، پھر ہیش دبائیں۔ واپس جانے کے لیے اسٹار دبائیں۔",
    },
    "number_invalid": {
        "en": "That is not a request number. A request number has 9 digits.",
        "hi": "यह अनुरोध नंबर नहीं है। अनुरोध नंबर में 9 अंक होते हैं।",
        "ur": "یہ درخواست نمبر نہیں ہے۔ درخواست نمبر میں 9 ہندسے ہوتے ہیں۔",
    },
    "number_wrong_length": {
        "en": "A request number has 9 digits; you keyed {count}.",
        "hi": "अनुरोध नंबर में 9 अंक होते हैं; आपने {count} अंक दबाए।",
        "ur": "درخواست نمبر میں 9 ہندسے ہوتے ہیں؛ آپ نے {count} ہندسے دبائے۔",
    },
    "number_check_failed": {
        "en": "The number {number} is not valid: please check the digits.",
        "hi": "नंबर {number} सही नहीं है: कृपया अंक जाँच लें।",
        "ur": "نمبر {number} درست نہیں ہے: براہ کرم ہندسے جانچ لیں۔",
    },
    "number_unknown": {
        "en": "We could not find a request with that number.",
        "hi": "इस नंबर का कोई अनुरोध नहीं मिला।",
        "ur": "اس نمبر کی کوئی درخواست نہیں ملی۔",
    },
    "status_new": {
        "en": "Your request for {service}: we are looking for an agent near you.",
        "hi": "{service} के लिए आपका अनुरोध: हम आपके पास का एजेंट ढूँढ रहे हैं।",
        "ur": "{service} کے لیے آپ کی درخواست: ہم آپ کے قریب کا ایجنٹ ڈھونڈ رہے ہیں۔",
    },
    "status_assigned": {
        "en": "Your request for {service}: {agent} of {centre} is coming to you.",
        "hi": "{service} के लिए आपका अनुरोध: {centre} के {agent} आपके पास आ रहे हैं।",
        "ur": "{service} کے لیے آپ کی درخواست: {centre} کے {agent} آپ کے پاس آ رہے ہیں۔",
    },
    "status_assigned_unnamed": {
        "en": "The request for {service}: an agent has been assigned and will contact the applicant.",
        "hi": "{service} के लिए अनुरोध: एजेंट तय हो गया है और आवेदन करने वाले से बात करेगा।",
        "ur": "{service} کے لیے درخواست: ایجنٹ مقرر ہو گیا ہے اور درخواست گزار سے رابطہ کرے گا۔",
    },
    "status_visiting": {
        "en": "Your request for {service}: the visit is in progress.",
        "hi": "{service} के लिए आपका अनुरोध: एजेंट की विज़िट चल रही है।",
        "ur": "{service} کے لیے آپ کی درخواست: ایجنٹ کا دورہ جاری ہے۔",
    },
    "status_completed": {
        "en": "Your request for {service} is completed.",
        "hi": "{service} के लिए आपका अनुरोध पूरा हो गया है।",
        "ur": "{service} کے لیے آپ کی درخواست مکمل ہو گئی ہے۔",
    },
    "status_unassigned": {
        "en": "Your request for {service}: no agent could be assigned yet. A supervisor is on it.",
        "hi": "{service} के लिए आपका अनुरोध: अभी कोई एजेंट नहीं मिल सका। एक सुपरवाइज़र इसे देख रहे हैं।",
        "ur": "{service} کے لیے آپ کی درخواست: ابھی کوئی ایجنٹ نہیں مل سکا۔ ایک نگران اسے دیکھ رہے ہیں۔",
    },
    "status_cancelled": {
        "en": "Your request for {service} was cancelled.",
        "hi": "{service} के लिए आपका अनुरोध रद्द कर दिया गया था।",
        "ur": "{service} کے لیے آپ کی درخواست منسوخ کر دی گئی تھی۔",
    },
    "days_left": {
        "en": "Working days left on the statutory timeline: {days}.",
        "hi": "कानूनी समय-सीमा में {days} कामकाजी दिन बाकी हैं।",
        "ur": "قانونی مدت میں {days} کام کے دن باقی ہیں۔",
    },
    "due_today": {
        "en": "The statutory timeline ends today.",
        "hi": "कानूनी समय-सीमा आज पूरी हो रही है।",
        "ur": "قانونی مدت آج ختم ہوتی ہے۔",
    },
    "overdue": {
        "en": "The statutory timeline passed {days} working days ago; an appeal is filed for you.",
        "hi": "कानूनी समय-सीमा {days} कामकाजी दिन पहले निकल गई; आपकी ओर से अपील दर्ज की जा रही है।",
        "ur": "قانونی مدت {days} کام کے دن پہلے گزر گئی؛ آپ کی طرف سے اپیل دائر کی جا رہی ہے۔",
    },
    "no_input": {
        "en": "We did not hear anything.",
        "hi": "हमें कुछ सुनाई नहीं दिया।",
        "ur": "ہمیں کچھ سنائی نہیں دیا۔",
    },
    "invalid_choice": {
        "en": "Sorry, that is not one of the choices.",
        "hi": "क्षमा करें, यह विकल्पों में नहीं है।",
        "ur": "معاف کیجیے، یہ اختیارات میں نہیں ہے۔",
    },
    "connecting": {
        "en": "Please hold, we are connecting you to an operator.",
        "hi": "कृपया लाइन पर रहें, हम आपको ऑपरेटर से जोड़ रहे हैं।",
        "ur": "براہ کرم لائن پر رہیں، ہم آپ کو آپریٹر سے جوڑ رہے ہیں۔",
    },
    "operator_closed": {
        "en": "Our operators are not available right now.",
        "hi": "इस समय हमारे ऑपरेटर उपलब्ध नहीं हैं।",
        "ur": "اس وقت ہمارے آپریٹر دستیاب نہیں ہیں۔",
    },
    "operator_missed": {
        "en": "Sorry, no operator could take your call.",
        "hi": "क्षमा करें, कोई ऑपरेटर आपकी कॉल नहीं ले सका।",
        "ur": "معاف کیجیے، کوئی آپریٹر آپ کی کال نہیں لے سکا۔",
    },
    "callback_offer": {
        "en": "To get a call back on this number, press 1. To go back to the menu, press star.",
        "hi": "इसी नंबर पर वापस कॉल पाने के लिए 1 दबाएँ। मेन्यू पर लौटने के लिए स्टार दबाएँ।",
        "ur": "اسی نمبر پر واپس کال کے لیے 1 دبائیں۔ مینو پر واپس جانے کے لیے اسٹار دبائیں۔",
    },
    "too_many_calls": {
        "en": "You have called many times in a short while. Please call again in a few minutes. Thank you.",
        "hi": "आपने थोड़े समय में कई बार कॉल किया है। कृपया कुछ मिनट बाद फिर कॉल करें। धन्यवाद।",
        "ur": "آپ نے تھوڑے وقت میں کئی بار کال کی ہے۔ براہ کرم چند منٹ بعد دوبارہ کال کریں۔ شکریہ۔",
    },
    "callback_registered": {
        "en": "Thank you. An operator will call you back on this number.",
        "hi": "धन्यवाद। एक ऑपरेटर आपको इसी नंबर पर वापस कॉल करेगा।",
        "ur": "شکریہ۔ ایک آپریٹر آپ کو اسی نمبر پر واپس کال کرے گا۔",
    },
    "no_caller_id": {
        "en": "We cannot see your phone number. Please call from a phone that shows its number.",
        "hi": "हमें आपका फ़ोन नंबर नहीं दिख रहा। कृपया ऐसे फ़ोन से कॉल करें जिसका नंबर दिखता हो।",
        "ur": "ہمیں آپ کا فون نمبر نظر نہیں آ رہا۔ براہ کرم ایسے فون سے کال کریں جس کا نمبر نظر آتا ہو۔",
    },
    "error": {
        "en": "Sorry, something went wrong on our side.",
        "hi": "क्षमा करें, हमारी ओर से कुछ गड़बड़ हो गई।",
        "ur": "معاف کیجیے، ہماری طرف سے کچھ خرابی ہو گئی۔",
    },
    "digit_0": {"en": "zero", "hi": "शून्य", "ur": "صفر"},
    "digit_1": {"en": "one", "hi": "एक", "ur": "ایک"},
    "digit_2": {"en": "two", "hi": "दो", "ur": "دو"},
    "digit_3": {"en": "three", "hi": "तीन", "ur": "تین"},
    "digit_4": {"en": "four", "hi": "चार", "ur": "چار"},
    "digit_5": {"en": "five", "hi": "पाँच", "ur": "پانچ"},
    "digit_6": {"en": "six", "hi": "छह", "ur": "چھ"},
    "digit_7": {"en": "seven", "hi": "सात", "ur": "سات"},
    "digit_8": {"en": "eight", "hi": "आठ", "ur": "آٹھ"},
    "digit_9": {"en": "nine", "hi": "नौ", "ur": "نو"},
}

# The application after the visit (issue 12): what a caller hears of a completed request's stage at the department,
# and of a PSGA clock paused for the citizen's documents. One block, kept together.
PROMPTS.update({
    "status_stage_filed": {
        "en": "Your request for {service}: the application {application} is filed with the department.",
        "hi": "{service} के लिए आपका अनुरोध: आवेदन {application} विभाग में जमा हो गया है।",
        "ur": "{service} کے لیے آپ کی درخواست: درخواست نمبر {application} محکمے میں جمع ہو گئی ہے۔",
    },
    "status_stage_under_process": {
        "en": "Your request for {service}: the application {application} is under process at the department.",
        "hi": "{service} के लिए आपका अनुरोध: आवेदन {application} विभाग में प्रक्रिया में है।",
        "ur": "{service} کے لیے آپ کی درخواست: درخواست نمبر {application} محکمے میں زیرِ کارروائی ہے۔",
    },
    "status_stage_approved": {
        "en": "Your request for {service}: the application {application} is approved and will be delivered soon.",
        "hi": "{service} के लिए आपका अनुरोध: आवेदन {application} स्वीकृत हो गया है और जल्द ही मिलेगा।",
        "ur": "{service} کے لیے آپ کی درخواست: درخواست نمبر {application} منظور ہو گئی ہے اور جلد مل جائے گی۔",
    },
    "status_stage_rejected": {
        "en": "Your request for {service}: the application {application} was rejected. The reason was sent to you "
              "by SMS.",
        "hi": "{service} के लिए आपका अनुरोध: आवेदन {application} अस्वीकार हो गया। कारण आपको SMS से भेजा गया है।",
        "ur": "{service} کے لیے آپ کی درخواست: درخواست نمبر {application} مسترد ہو گئی۔ وجہ آپ کو SMS سے بھیجی گئی "
              "ہے۔",
    },
    "status_stage_delivered": {
        "en": "Your request for {service}: it has been delivered. Our SMS says where to find it.",
        "hi": "{service} के लिए आपका अनुरोध: यह दे दिया गया है। कहाँ मिलेगा, यह हमारे SMS में लिखा है।",
        "ur": "{service} کے لیے آپ کی درخواست: یہ دے دیا گیا ہے۔ کہاں ملے گا، یہ ہمارے SMS میں لکھا ہے۔",
    },
    "clock_paused": {
        "en": "The department is waiting for documents from you; the statutory timeline is paused until they arrive.",
        "hi": "विभाग आपके दस्तावेज़ों का इंतज़ार कर रहा है; उनके आने तक कानूनी समय-सीमा रुकी है।",
        "ur": "محکمہ آپ کی دستاویزات کا انتظار کر رہا ہے؛ ان کے آنے تک قانونی مدت رکی ہوئی ہے۔",
    },
})

# The IVR's own SMS: answers to inbound SMS only. SMS about a request's life (created, agent assigned, receipt)
# are dispatch's (dispatch/sms.py TEMPLATES) and are never repeated here.
SMS: dict[str, dict[str, str]] = {
    "too_many_messages": {
        "en": "DigiDost 1447: we received many messages from this number in a short while. Please write again "
              "in a few minutes, or call 1447.",
        "hi": "डिजीदोस्त 1447: इस नंबर से थोड़े समय में कई संदेश आए हैं। कृपया कुछ मिनट बाद फिर लिखें, "
              "या 1447 पर कॉल करें।",
        "ur": "ڈیجی دوست 1447: اس نمبر سے تھوڑے وقت میں کئی پیغامات آئے ہیں۔ براہِ کرم چند منٹ بعد دوبارہ لکھیں، "
              "یا 1447 پر کال کریں۔",
    },
    "status_reply": {
        "en": "DigiDost 1447: request {number}: {status}",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: {status}",
        "ur": "ڈیجی دوست 1447: درخواست {number}: {status}",
    },
    "number_invalid": {  # {reason}: from NUMBER_PROBLEM_SMS, filled by sms_text from {number} when not given
        "en": "DigiDost 1447: {number} is not a valid request number. {reason}",
        "hi": "डिजीदोस्त 1447: {number} सही अनुरोध नंबर नहीं है। {reason}",
        "ur": "ڈیجی دوست 1447: {number} درست درخواست نمبر نہیں ہے۔ {reason}",
    },
    "number_unknown": {
        "en": "DigiDost 1447: no request has the number {number}.",
        "hi": "डिजीदोस्त 1447: {number} नंबर का कोई अनुरोध नहीं है।",
        "ur": "ڈیجی دوست 1447: {number} نمبر کی کوئی درخواست نہیں ہے۔",
    },
    "rating_thanks": {
        "en": "DigiDost 1447: thank you for rating your visit for request {number}.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} की सेवा का मूल्यांकन करने के लिए धन्यवाद।",
        "ur": "ڈیجی دوست 1447: درخواست {number} کی سروس کی درجہ بندی کا شکریہ۔",
    },
    "rating_nothing": {
        "en": "DigiDost 1447: we found no completed visit waiting for your rating from this number.",
        "hi": "डिजीदोस्त 1447: इस नंबर से मूल्यांकन के लिए कोई पूरी हुई सेवा नहीं मिली।",
        "ur": "ڈیجی دوست 1447: اس نمبر سے درجہ بندی کے لیے کوئی مکمل سروس نہیں ملی۔",
    },
    "help": {
        "en": "DigiDost 1447: send STATUS and the 9 digit request number to know where a request is. "
              "Reply 1 good, 2 average, 3 bad to rate a service. Paid more than the notified fee? Send PAID and "
              "the amount, e.g. PAID 100 (or PAID, request number, amount). To cancel or change the visit time, send "
              "CANCEL or RESCHEDULE and the request number. Or call 1447.",
        "hi": "डिजीदोस्त 1447: अनुरोध की स्थिति के लिए STATUS (या स्थिति) और 9 अंकों का अनुरोध नंबर भेजें। "
              "सेवा का मूल्यांकन: 1 अच्छा, 2 ठीक, 3 खराब भेजें। निर्धारित शुल्क से ज़्यादा दिया? PAID (या भुगतान) "
              "और राशि भेजें, जैसे भुगतान 100 (या PAID, अनुरोध नंबर, राशि)। रद्द करने या समय बदलने के लिए CANCEL या "
              "RESCHEDULE और अनुरोध नंबर भेजें। या 1447 पर कॉल करें।",
        "ur": "ڈیجی دوست 1447: درخواست کی صورتحال کے لیے STATUS (یا صورتحال) اور 9 ہندسوں کا درخواست نمبر بھیجیں۔ "
              "سروس کی درجہ بندی: 1 اچھا، 2 ٹھیک، 3 خراب بھیجیں۔ مقررہ فیس سے زیادہ دی؟ PAID (یا ادا) اور رقم "
              "بھیجیں، جیسے ادا 100 (یا PAID، درخواست نمبر، رقم)۔ منسوخ کرنے یا وقت بدلنے کے لیے CANCEL یا "
              "RESCHEDULE اور درخواست نمبر بھیجیں۔ یا 1447 پر کال کریں۔",
    },
}

# Why an SMS's request number was refused (dispatch.numbers.request_number_problem), said in SMS "number_invalid".
NUMBER_PROBLEM_SMS: dict[str, dict[str, str]] = {
    "digits": {
        "en": "A request number has 9 digits only.",
        "hi": "अनुरोध नंबर में सिर्फ़ 9 अंक होते हैं।",
        "ur": "درخواست نمبر میں صرف 9 ہندسے ہوتے ہیں۔",
    },
    "length": {
        "en": "A request number has 9 digits; you sent {count}.",
        "hi": "अनुरोध नंबर में 9 अंक होते हैं; आपने {count} अंक भेजे।",
        "ur": "درخواست نمبر میں 9 ہندسے ہوتے ہیں؛ آپ نے {count} ہندسے بھیجے۔",
    },
    "check": {
        "en": "The digits do not match: please check them.",
        "hi": "अंक मेल नहीं खाते: कृपया उन्हें जाँच लें।",
        "ur": "ہندسے میل نہیں کھاتے: براہ کرم انہیں جانچ لیں۔",
    },
}

LIST_SEPARATOR = {"en": ", ", "hi": ", ", "ur": "، "}

# Kashmiri and Dogri (machine-drafted, to be reviewed by a native speaker): kept in their own module, one per key.
for _catalogue, _texts in ((PROMPTS, PROMPTS_KS_DOI), (SMS, SMS_KS_DOI),
                          (NUMBER_PROBLEM_SMS, NUMBER_PROBLEM_SMS_KS_DOI),
                           ({"sep": LIST_SEPARATOR}, {"sep": LIST_SEPARATOR_KS_DOI})):
    for _key, _by_language in _texts.items():
        _catalogue[_key].update(_by_language)


def prompt_text(key: str, language: str, params: dict | None = None) -> str:
    """A spoken prompt's text in a language, parameters filled (each in that language)."""
    return _fill(PROMPTS[key], language, params or {})


def sms_text(key: str, language: str, **params: object) -> str:
    """An SMS text of the IVR's own in a language, parameters filled. A refused request number carries its reason:
    "number_invalid" says why {number} is not one (wrong length, not digits, check digit) when no reason is given."""
    if key == "number_invalid" and "reason" not in params:
        problem = request_number_problem(str(params.get("number", ""))) or "digits"
        params = {**params, "reason": _fill(NUMBER_PROBLEM_SMS[problem], language,
                                            {"count": len(str(params.get("number", "")))})}
    return _fill(SMS[key], language, params)


def number_problem(keys: str) -> tuple[str, dict] | None:
    """The prompt saying what is wrong with a keyed request number (its key and parameters): how many digits were
    keyed, or the digits read back when the check digit does not match; None when the number is well formed."""
    problem = request_number_problem(keys)
    if problem == "length":
        return "number_wrong_length", {"count": len(keys)}
    if problem == "check":
        return "number_check_failed", {"number": spoken_number(keys)}
    return None if problem is None else ("number_invalid", {})


def spoken_number(number: str) -> str:
    """Digits spaced out for a voice reading them one by one: '123' → '1 2 3'."""
    return " ".join(number)


def rupees(amount: Decimal | int | str) -> str:
    """An amount as people say it: 50 rather than 50.00, 50.50 kept."""
    value = Decimal(str(amount))
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else f"{value:.2f}"


def _fill(texts: dict[str, str], language: str, params: dict) -> str:
    text = texts.get(language) or texts[DEFAULT_LANGUAGE]
    return text.format(**{name: _in_language(value, language) for name, value in params.items()})


def _in_language(value: object, language: str) -> str:
    if isinstance(value, dict):  # a service's name or document: Kashmiri and Dogri read the Urdu and Hindi ones
        return closest_text(value, language)
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.get(language, ", ").join(_in_language(item, language) for item in value)
    return str(value)


# On the citizen's terms (issue 13, item 3): the spoken landmark, the visit window, and cancelling or rescheduling
# one's own request by phone (ivr/citizen_flow.py) and by SMS (CANCEL / RESCHEDULE, ivr/messages.py). One block.
# Windows: 1 today morning, 2 today afternoon, 3 tomorrow morning, 4 tomorrow afternoon (dispatch/visit_windows.py).
# Kashmiri (ks) and Dogri (doi) texts are drafts awaiting a native speaker's review.
PROMPTS.update({
    "landmark_offer": {
        "en": "To also record your address or a landmark near your home for the agent, press 3.",
        "hi": "एजेंट के लिए अपना पता या घर के पास की कोई पहचान भी रिकॉर्ड करने के लिए 3 दबाएँ।",
        "ur": "ایجنٹ کے لیے اپنا پتہ یا گھر کے قریب کوئی نشانی بھی ریکارڈ کرنے کے لیے 3 دبائیں۔",
        "ks": "ایجنٹ سٕنٛدِ خٲطرٕ پنُن پتہٕ یا گَرٕ نِش کانٛہہ نِشانہِ ریکارڈ کرنہٕ خٲطرٕ 3 دبٲیِو۔",
        "doi": "एजेंट आस्तै अपना पता जां घरै कोल कोई नशानी बी रिकार्ड करने आस्तै 3 दबाओ।",
    },
    "landmark_ask": {
        "en": "After the beep, say your address or a landmark near your home, in up to 20 seconds, then press "
              "hash. To skip, press hash now.",
        "hi": "बीप के बाद 20 सेकंड में अपना पता या घर के पास की कोई पहचान बोलें, फिर हैश दबाएँ। छोड़ने के लिए "
              "अभी हैश दबाएँ।",
        "ur": "بیپ کے بعد 20 سیکنڈ میں اپنا پتہ یا گھر کے قریب کوئی نشانی بولیں، پھر ہیش دبائیں۔ چھوڑنے کے لیے "
              "ابھی ہیش دبائیں۔",
        "ks": "بیپ پتہٕ وَنِو 20 سیکنڈن منٛز پنُن پتہٕ یا گَرٕ نِش کانٛہہ نِشانہِ، پتہٕ دبٲیِو ہیش۔ ترٲوِتھ "
              "گژھنہٕ خٲطرٕ دبٲیِو وۄنۍ ہیش۔",
        "doi": "बीप दे बाद 20 सकिंटें च अपना पता जां घरै कोल कोई नशानी बोलो, फ्ही हैश दबाओ। छोड़ने आस्तै "
               "हुनै हैश दबाओ।",
    },
    "landmark_thanks": {
        "en": "Thank you. The agent coming to you will hear it.",
        "hi": "धन्यवाद। आपके पास आने वाले एजेंट इसे सुनेंगे।",
        "ur": "شکریہ۔ آپ کے پاس آنے والے ایجنٹ اسے سنیں گے۔",
        "ks": "شُکریہ۔ تُہنٛدِ نِش یِنہٕ وول ایجنٹ بوزِ یہِ۔",
        "doi": "धन्नवाद। तुंदे कोल औने आह्‌ला एजेंट इसगी सुनग।",
    },
    "window_offer": {
        "en": "To confirm and choose when the agent comes, today or tomorrow, morning or afternoon, press 3.",
        "hi": "पक्का करने और एजेंट के आने का समय चुनने के लिए, आज या कल, सुबह या दोपहर, 3 दबाएँ।",
        "ur": "تصدیق کرنے اور ایجنٹ کے آنے کا وقت چننے کے لیے، آج یا کل، صبح یا دوپہر، 3 دبائیں۔",
        "ks": "پَکہٕ کرنہٕ تہٕ ایجنٹ سٕنٛدِ یِنُک وَکھ ژارنہٕ خٲطرٕ، اَز یا پگاہ، صُبحٕ یا دۄپہرٕ، 3 دبٲیِو۔",
        "doi": "पक्का करने ते एजेंट दे औने दा समां चुनने आस्तै, अज्ज जां भलके, सवेरे जां दपैहरीं, 3 दबाओ।",
    },
    "window_ask": {
        "en": "When should the agent come?",
        "hi": "एजेंट कब आएँ?",
        "ur": "ایجنٹ کب آئیں؟",
        "ks": "ایجنٹ کر یِیہِ؟",
        "doi": "एजेंट कदूं आवै?",
    },
    "window_option_1": {"en": "Today morning, 9 to 1: press 1.", "hi": "आज सुबह, 9 से 1 बजे तक: 1 दबाएँ।",
                        "ur": "آج صبح، 9 سے 1 بجے تک: 1 دبائیں۔", "ks": "اَز صُبحٕ، 9 پؠٹھٕ 1 بجے تام: 1 دبٲیِو۔",
                        "doi": "अज्ज सवेरे, 9 थमां 1 बजे तगर: 1 दबाओ।"},
    "window_option_2": {"en": "Today afternoon, 1 to 5: press 2.", "hi": "आज दोपहर, 1 से 5 बजे तक: 2 दबाएँ।",
                        "ur": "آج دوپہر، 1 سے 5 بجے تک: 2 دبائیں۔",
                        "ks": "اَز دۄپہرٕ، 1 پؠٹھٕ 5 بجے تام: 2 دبٲیِو۔",
                        "doi": "अज्ज दपैहरीं, 1 थमां 5 बजे तगर: 2 दबाओ।"},
    "window_option_3": {"en": "Tomorrow morning, 9 to 1: press 3.", "hi": "कल सुबह, 9 से 1 बजे तक: 3 दबाएँ।",
                        "ur": "کل صبح، 9 سے 1 بجے تک: 3 دبائیں۔", "ks": "پگاہ صُبحٕ، 9 پؠٹھٕ 1 بجے تام: 3 دبٲیِو۔",
                        "doi": "भलके सवेरे, 9 थमां 1 बजे तगर: 3 दबाओ।"},
    "window_option_4": {"en": "Tomorrow afternoon, 1 to 5: press 4.", "hi": "कल दोपहर, 1 से 5 बजे तक: 4 दबाएँ।",
                        "ur": "کل دوپہر، 1 سے 5 بجے تک: 4 دبائیں۔",
                        "ks": "پگاہ دۄپہرٕ، 1 پؠٹھٕ 5 بجے تام: 4 دبٲیِو۔",
                        "doi": "भलके दपैहरीं, 1 थमां 5 बजे तगर: 4 दबाओ।"},
    "window_label_1": {"en": "Today morning, 9 to 1.", "hi": "आज सुबह, 9 से 1 बजे तक।", "ur": "آج صبح، 9 سے 1 بجے تک۔",
                       "ks": "اَز صُبحٕ، 9 پؠٹھٕ 1 بجے تام۔", "doi": "अज्ज सवेरे, 9 थमां 1 बजे तगर।"},
    "window_label_2": {"en": "Today afternoon, 1 to 5.", "hi": "आज दोपहर, 1 से 5 बजे तक।",
                       "ur": "آج دوپہر، 1 سے 5 بجے تک۔", "ks": "اَز دۄپہرٕ، 1 پؠٹھٕ 5 بجے تام۔",
                       "doi": "अज्ज दपैहरीं, 1 थमां 5 बजे तगर।"},
    "window_label_3": {"en": "Tomorrow morning, 9 to 1.", "hi": "कल सुबह, 9 से 1 बजे तक।", "ur": "کل صبح، 9 سے 1 بجے تک۔",
                       "ks": "پگاہ صُبحٕ، 9 پؠٹھٕ 1 بجے تام۔", "doi": "भलके सवेरे, 9 थमां 1 बजे तगर।"},
    "window_label_4": {"en": "Tomorrow afternoon, 1 to 5.", "hi": "कल दोपहर, 1 से 5 बजे तक।",
                       "ur": "کل دوپہر، 1 سے 5 بجے تک۔", "ks": "پگاہ دۄپہرٕ، 1 پؠٹھٕ 5 بجے تام۔",
                       "doi": "भलके दपैहरीं, 1 थमां 5 बजे तगर।"},
    "change_menu": {
        "en": "To cancel this request, press 1. To choose another visit time, press 2. For the main menu, press star.",
        "hi": "यह अनुरोध रद्द करने के लिए 1 दबाएँ। विज़िट का दूसरा समय चुनने के लिए 2 दबाएँ। मुख्य मेनू के लिए "
              "स्टार दबाएँ।",
        "ur": "یہ درخواست منسوخ کرنے کے لیے 1 دبائیں۔ دورے کا دوسرا وقت چننے کے لیے 2 دبائیں۔ مین مینو کے لیے "
              "اسٹار دبائیں۔",
        "ks": "یہ درخواست منسوخ کرنہٕ خٲطرٕ 1 دبٲیِو۔ دورٕچ بیٲکھ وَکھ ژارنہٕ خٲطرٕ 2 دبٲیِو۔ مین مینو خٲطرٕ "
              "اسٹار دبٲیِو۔",
        "doi": "एह् अर्जी रद्द करने आस्तै 1 दबाओ। विज़िट दा दूआ समां चुनने आस्तै 2 दबाओ। मुक्ख मेनू आस्तै "
               "स्टार दबाओ।",
    },
    "cancel_confirm": {
        "en": "To cancel request {number}, press 1. To keep it, press 2.",
        "hi": "अनुरोध {number} रद्द करने के लिए 1 दबाएँ। इसे रखने के लिए 2 दबाएँ।",
        "ur": "درخواست {number} منسوخ کرنے کے لیے 1 دبائیں۔ اسے رکھنے کے لیے 2 دبائیں۔",
        "ks": "درخواست {number} منسوخ کرنہٕ خٲطرٕ 1 دبٲیِو۔ یہِ تھاونہٕ خٲطرٕ 2 دبٲیِو۔",
        "doi": "अर्जी {number} रद्द करने आस्तै 1 दबाओ। इसगी रक्खने आस्तै 2 दबाओ।",
    },
    "change_kept": {
        "en": "Your request is kept.", "hi": "आपका अनुरोध बना रहेगा।", "ur": "آپ کی درخواست برقرار ہے۔",
        "ks": "تُہنٛز درخواست چھےٚ برقرار۔", "doi": "तुंदी अर्जी बनी रौह्ग।",
    },
    "reschedule_confirm": {
        "en": "To move the visit to this time, press 1. To choose another time, press 2.",
        "hi": "विज़िट इस समय पर करने के लिए 1 दबाएँ। दूसरा समय चुनने के लिए 2 दबाएँ।",
        "ur": "دورہ اس وقت پر کرنے کے لیے 1 دبائیں۔ دوسرا وقت چننے کے لیے 2 دبائیں۔",
        "ks": "دورٕ یَتھ وَکتس پؠٹھ کرنہٕ خٲطرٕ 1 دبٲیِو۔ بیٲکھ وَکھ ژارنہٕ خٲطرٕ 2 دبٲیِو۔",
        "doi": "विज़िट इस समें पर करने आस्तै 1 दबाओ। दूआ समां चुनने आस्तै 2 दबाओ।",
    },
    "change_cancelled": {
        "en": "Request {number} is cancelled. An SMS confirms it.",
        "hi": "अनुरोध {number} रद्द कर दिया गया है। SMS से पुष्टि आएगी।",
        "ur": "درخواست {number} منسوخ کر دی گئی ہے۔ SMS سے تصدیق آئے گی۔",
        "ks": "درخواست {number} کرِ منسوخ۔ SMS سٟتۍ یِیہِ تصدیق۔",
        "doi": "अर्जी {number} रद्द करी दित्ती गेई ऐ। SMS कन्नै पक्की खबर औग।",
    },
    "change_rescheduled": {
        "en": "The visit for request {number} is moved. An SMS confirms the time.",
        "hi": "अनुरोध {number} की विज़िट का समय बदल दिया गया है। SMS से समय की पुष्टि आएगी।",
        "ur": "درخواست {number} کے دورے کا وقت بدل دیا گیا ہے۔ SMS سے وقت کی تصدیق آئے گی۔",
        "ks": "درخواست {number} ہُنٛد دورٕچ وَکھ آو بَدلاونہٕ۔ SMS سٟتۍ یِیہِ وَکتُک تصدیق۔",
        "doi": "अर्जी {number} दी विज़िट दा समां बदली दित्ता गेआ ऐ। SMS कन्नै समें दी पक्की खबर औग।",
    },
    "change_not_yours": {
        "en": "Request {number} was not made from this number. Only the number that made it can change it.",
        "hi": "अनुरोध {number} इस नंबर से नहीं किया गया था। केवल अनुरोध करने वाला नंबर ही इसे बदल सकता है।",
        "ur": "درخواست {number} اس نمبر سے نہیں کی گئی تھی۔ صرف درخواست کرنے والا نمبر ہی اسے بدل سکتا ہے۔",
        "ks": "درخواست {number} آیہٕ نہٕ یَتھ نمبرٕ پؠٹھٕ کرنہٕ۔ صِرف درخواست کرن وول نمبر ہیٚکہِ یہِ بَدلٲوِتھ۔",
        "doi": "अर्जी {number} इस नंबर थमां नेईं ही कीती गेदी। सिर्फ अर्जी करने आह्‌ला नंबर गै इसगी बदली सकदा ऐ।",
    },
    "change_already_cancelled": {
        "en": "Request {number} is already cancelled.",
        "hi": "अनुरोध {number} पहले ही रद्द हो चुका है।",
        "ur": "درخواست {number} پہلے ہی منسوخ ہو چکی ہے۔",
        "ks": "درخواست {number} چھےٚ گۄڈے منسوخ۔",
        "doi": "अर्जी {number} पैह्लें गै रद्द होई चुकी ऐ।",
    },
    "change_too_late": {
        "en": "Request {number} can no longer be changed: the visit has started or the request is closed.",
        "hi": "अनुरोध {number} अब बदला नहीं जा सकता: विज़िट शुरू हो चुकी है या अनुरोध बंद हो चुका है।",
        "ur": "درخواست {number} اب بدلی نہیں جا سکتی: دورہ شروع ہو چکا ہے یا درخواست بند ہو چکی ہے۔",
        "ks": "درخواست {number} ہیٚکہٕ نہٕ وۄں بَدلٲوِتھ: دورٕ چھُ شروٗع گومُت یا درخواست چھےٚ بنٛد۔",
        "doi": "अर्जी {number} हुन बदली नेईं जाई सकदी: विज़िट शुरू होई चुकी ऐ जां अर्जी बंद होई चुकी ऐ।",
    },
})

# The SMS answers to CANCEL and RESCHEDULE (the phone's words, prefixed like every SMS of ours); a change made is
# confirmed by dispatch's own SMS (request_withdrawn, request_rescheduled), not repeated here.
_SMS_PREFIX = {"en": "DigiDost 1447: ", "hi": "डिजीदोस्त 1447: ", "ur": "ڈیجی دوست 1447: ", "ks": "ڈیجی دوست 1447: ",
               "doi": "डिजीदोस्त 1447: "}
SMS.update({
    f"sms_{key}": {language: _SMS_PREFIX[language] + text for language, text in PROMPTS[key].items()}
    for key in ("change_not_yours", "change_already_cancelled", "change_too_late")
})
SMS.update({
    "sms_reschedule_choices": {
        "en": "DigiDost 1447: to move the visit for request {number}, send RESCHEDULE {number} and a digit: "
              "{choices}",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} की विज़िट का समय बदलने के लिए RESCHEDULE {number} और एक अंक "
              "भेजें: {choices}",
        "ur": "ڈیجی دوست 1447: درخواست {number} کے دورے کا وقت بدلنے کے لیے RESCHEDULE {number} اور ایک ہندسہ "
              "بھیجیں: {choices}",
        "ks": "ڈیجی دوست 1447: درخواست {number} ہُنٛد دورٕچ وَکھ بَدلاونہٕ خٲطرٕ سوزِو RESCHEDULE {number} تہٕ "
              "اکھ ہِندسہٕ: {choices}",
        "doi": "डिजीदोस्त 1447: अर्जी {number} दी विज़िट दा समां बदलने आस्तै RESCHEDULE {number} ते इक अंक "
               "भेजो: {choices}",
    },
    "sms_cancel_how": {
        "en": "DigiDost 1447: to cancel a request, send CANCEL and its 9 digit number, e.g. CANCEL 123456789. "
              "To move its visit, send RESCHEDULE and the number.",
        "hi": "डिजीदोस्त 1447: अनुरोध रद्द करने के लिए CANCEL (या रद्द) और 9 अंकों का अनुरोध नंबर भेजें, जैसे "
              "CANCEL 123456789। विज़िट का समय बदलने के लिए RESCHEDULE (या समय) और नंबर भेजें।",
        "ur": "ڈیجی دوست 1447: درخواست منسوخ کرنے کے لیے CANCEL (یا منسوخ) اور 9 ہندسوں کا درخواست نمبر بھیجیں، "
              "جیسے CANCEL 123456789۔ دورے کا وقت بدلنے کے لیے RESCHEDULE (یا وقت) اور نمبر بھیجیں۔",
        "ks": "ڈیجی دوست 1447: درخواست منسوخ کرنہٕ خٲطرٕ سوزِو CANCEL تہٕ 9 ہِندسن ہُنٛد نمبر، مِثلاً "
              "CANCEL 123456789۔ دورٕچ وَکھ بَدلاونہٕ خٲطرٕ سوزِو RESCHEDULE تہٕ نمبر۔",
        "doi": "डिजीदोस्त 1447: अर्जी रद्द करने आस्तै CANCEL ते 9 अंकें दा नंबर भेजो, जि'यां CANCEL 123456789। "
               "विज़िट दा समां बदलने आस्तै RESCHEDULE ते नंबर भेजो।",
    },
})
