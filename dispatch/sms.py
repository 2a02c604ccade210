"""SMS texts in English, Hindi and Urdu: stable templates (DLT), filled with named values."""

from __future__ import annotations

from dispatch.sms_ks_doi import merge_into

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
              "in your console, or reply YES {code} to accept, NO {code} to decline.",
        "hi": "डिजीदोस्त 1447: नया काम {service}, {locality} ({distance} कि.मी.)। {minutes} मिनट में "
              "कंसोल में स्वीकार करें, या SMS करें: स्वीकार के लिए YES {code}, मना करने के लिए NO {code}।",
        "ur": "ڈیجی دوست 1447: نیا کام {service}، {locality} ({distance} کلومیٹر)۔ {minutes} منٹ میں "
              "کنسول میں قبول کریں، یا SMS کریں: قبول کرنے کے لیے YES {code}، انکار کے لیے NO {code}۔",
    },
    "receipt": {
        "en": "DigiDost 1447 receipt, request {number}: {service}, application no. {application}, notified fee "
              "Rs {fee}, agent {agent}, {centre}. Paid more? Reply PAID and the amount, e.g. PAID 100. "
              "Rate the visit: reply 1 good, 2 average, 3 bad",
        "hi": "डिजीदोस्त 1447 रसीद, अनुरोध {number}: {service}, आवेदन संख्या {application}, निर्धारित शुल्क "
              "रु {fee}, एजेंट {agent}, {centre}। ज़्यादा दिए? PAID और राशि लिखकर भेजें, जैसे PAID 100। "
              "सेवा का मूल्यांकन: 1 अच्छा, 2 ठीक, 3 खराब लिखकर भेजें",
        "ur": "ڈیجی دوست 1447 رسید، درخواست {number}: {service}، درخواست نمبر {application}، مقررہ فیس "
              "روپے {fee}، ایجنٹ {agent}، {centre}۔ زیادہ دیے؟ PAID اور رقم لکھ کر بھیجیں، جیسے PAID 100۔ "
              "سروس کی درجہ بندی: 1 اچھا، 2 ٹھیک، 3 خراب لکھ کر بھیجیں",
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
    # Issue 12, fee disputes and ratings (RAS): the receipt when the agent typed another fee, a dispute's decision,
    # the rating asked for again once the certificate is delivered.
    "receipt_fee_differs": {
        "en": "DigiDost 1447 receipt, request {number}: {service}, application no. {application}, notified fee "
              "Rs {fee}, the agent recorded Rs {collected}, agent {agent}, {centre}. Paid more than Rs {fee}? "
              "Reply PAID and the amount, e.g. PAID 100. Rate the visit: reply 1 good, 2 average, 3 bad",
        "hi": "डिजीदोस्त 1447 रसीद, अनुरोध {number}: {service}, आवेदन संख्या {application}, निर्धारित शुल्क "
              "रु {fee}, एजेंट ने रु {collected} दर्ज किए, एजेंट {agent}, {centre}। रु {fee} से ज़्यादा दिए? "
              "PAID और राशि लिखकर भेजें, जैसे PAID 100। सेवा का मूल्यांकन: 1 अच्छा, 2 ठीक, 3 खराब लिखकर भेजें",
        "ur": "ڈیجی دوست 1447 رسید، درخواست {number}: {service}، درخواست نمبر {application}، مقررہ فیس "
              "روپے {fee}، ایجنٹ نے روپے {collected} درج کیے، ایجنٹ {agent}، {centre}۔ روپے {fee} سے زیادہ دیے؟ "
              "PAID اور رقم لکھ کر بھیجیں، جیسے PAID 100۔ سروس کی درجہ بندی: 1 اچھا، 2 ٹھیک، 3 خراب لکھ کر بھیجیں",
    },
    "dispute_upheld": {
        "en": "DigiDost 1447: fee complaint no. {case}, request {number}: upheld. The agent must refund you "
              "Rs {refund}. Note: {note}",
        "hi": "डिजीदोस्त 1447: शुल्क शिकायत संख्या {case}, अनुरोध {number}: सही पाई गई। एजेंट को आपको रु {refund} "
              "लौटाने होंगे। टिप्पणी: {note}",
        "ur": "ڈیجی دوست 1447: فیس شکایت نمبر {case}، درخواست {number}: درست پائی گئی۔ ایجنٹ کو آپ کو روپے {refund} "
              "واپس کرنے ہوں گے۔ نوٹ: {note}",
    },
    "dispute_rejected": {
        "en": "DigiDost 1447: fee complaint no. {case}, request {number}: not upheld. Reason: {note}. "
              "Call 1447 if you disagree.",
        "hi": "डिजीदोस्त 1447: शुल्क शिकायत संख्या {case}, अनुरोध {number}: स्वीकार नहीं हुई। कारण: {note}। "
              "असहमत हों तो 1447 पर कॉल करें।",
        "ur": "ڈیجی دوست 1447: فیس شکایت نمبر {case}، درخواست {number}: منظور نہیں ہوئی۔ وجہ: {note}۔ "
              "اختلاف ہو تو 1447 پر کال کریں۔",
    },
    "rating_after_delivery": {
        "en": "DigiDost 1447: request {number}, {service}: how was the service until delivery? "
              "Reply 1 good, 2 average, 3 bad",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}, {service}: डिलीवरी तक सेवा कैसी रही? "
              "1 अच्छा, 2 ठीक, 3 खराब लिखकर भेजें",
        "ur": "ڈیجی دوست 1447: درخواست {number}، {service}: ترسیل تک سروس کیسی رہی؟ "
              "1 اچھا، 2 ٹھیک، 3 خراب لکھ کر بھیجیں",
    },
}

# The application after the visit and the PSGA auto-appeal (issue 12): one SMS per stage reached, per appeal filed.
TEMPLATES.update({
    "stage_under_process": {
        "en": "DigiDost 1447: request {number}: your application {application} for {service} is under process "
              "at the department. Due by {due}.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: {service} के लिए आपका आवेदन {application} विभाग में प्रक्रिया में है। "
              "अंतिम तिथि {due}।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: {service} کے لیے آپ کی درخواست {application} محکمے میں زیرِ کارروائی "
              "ہے۔ آخری تاریخ {due}۔",
    },
    "stage_approved": {
        "en": "DigiDost 1447: request {number}: your application {application} for {service} is approved. "
              "You will get an SMS when it is delivered.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: {service} के लिए आपका आवेदन {application} स्वीकृत हो गया है। "
              "मिलने पर आपको SMS आएगा।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: {service} کے لیے آپ کی درخواست {application} منظور ہو گئی ہے۔ "
              "ملنے پر آپ کو SMS آئے گا۔",
    },
    "stage_rejected": {
        "en": "DigiDost 1447: request {number}: your application {application} for {service} was rejected: "
              "{reason}. Call 1447 for help.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: {service} के लिए आपका आवेदन {application} अस्वीकार हुआ: "
              "{reason}। सहायता के लिए 1447 पर कॉल करें।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: {service} کے لیے آپ کی درخواست {application} مسترد ہو گئی: "
              "{reason}۔ مدد کے لیے 1447 پر کال کریں۔",
    },
    "stage_delivered_handed_over": {
        "en": "DigiDost 1447: request {number}: your {service} (application {application}) has been handed over "
              "to you. Not received it? Call 1447.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: आपका {service} (आवेदन {application}) आपको सौंप दिया गया है। "
              "नहीं मिला? 1447 पर कॉल करें।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: آپ کا {service} (درخواست {application}) آپ کو دے دیا گیا ہے۔ "
              "نہیں ملا؟ 1447 پر کال کریں۔",
    },
    "stage_delivered_digilocker": {
        "en": "DigiDost 1447: request {number}: your {service} is ready in your DigiLocker (digilocker.gov.in, "
              "Issued Documents), reference {reference}.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: आपका {service} आपके डिजीलॉकर (digilocker.gov.in, जारी दस्तावेज़) "
              "में उपलब्ध है, संदर्भ {reference}।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: آپ کا {service} آپ کے ڈیجی لاکر (digilocker.gov.in، جاری شدہ "
              "دستاویزات) میں دستیاب ہے، حوالہ {reference}۔",
    },
    "stage_delivered_serviceplus": {
        "en": "DigiDost 1447: request {number}: your {service} is ready: download it from ServicePlus "
              "(serviceonline.gov.in) with application {application}, reference {reference}.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: आपका {service} तैयार है: इसे सर्विसप्लस (serviceonline.gov.in) से "
              "आवेदन {application}, संदर्भ {reference} से डाउनलोड करें।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: آپ کا {service} تیار ہے: اسے سروس پلس (serviceonline.gov.in) سے "
              "درخواست {application}، حوالہ {reference} کے ساتھ ڈاؤن لوڈ کریں۔",
    },
    "stage_documents_missing": {
        "en": "DigiDost 1447: request {number}: the department needs more documents for application "
              "{application}. The time limit is paused until they arrive. Call 1447 for help.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: आवेदन {application} के लिए विभाग को और दस्तावेज़ चाहिए। "
              "उनके आने तक समय-सीमा रुकी है। सहायता के लिए 1447 पर कॉल करें।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: درخواست {application} کے لیے محکمے کو مزید دستاویزات چاہییں۔ "
              "ان کے آنے تک مدت رکی ہوئی ہے۔ مدد کے لیے 1447 پر کال کریں۔",
    },
    "appeal_first": {
        "en": "DigiDost 1447: request {number}: {service} was not delivered in the notified time. Appeal {appeal} "
              "has been filed for you with the First Appellate Authority{authority}.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: {service} तय समय में नहीं मिला। आपकी ओर से प्रथम अपीलीय "
              "प्राधिकारी{authority} के पास अपील {appeal} दर्ज की गई है।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: {service} مقررہ وقت میں نہیں ملا۔ آپ کی طرف سے پہلی اپیلیٹ "
              "اتھارٹی{authority} کے پاس اپیل {appeal} دائر کی گئی ہے۔",
    },
    "appeal_second": {
        "en": "DigiDost 1447: request {number}: the first appeal was not decided in time. Second appeal {appeal} "
              "has been filed for you with the Second Appellate Authority{authority}.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number}: पहली अपील पर समय से निर्णय नहीं हुआ। आपकी ओर से द्वितीय अपीलीय "
              "प्राधिकारी{authority} के पास दूसरी अपील {appeal} दर्ज की गई है।",
        "ur": "ڈیجی دوست 1447: درخواست {number}: پہلی اپیل کا فیصلہ وقت پر نہیں ہوا۔ آپ کی طرف سے دوسری اپیلیٹ "
              "اتھارٹی{authority} کے پاس دوسری اپیل {appeal} دائر کی گئی ہے۔",
    },
})


# Issue 13, item 5: an agent's SMS commands from their registered number (agents.sms), answered in their language.
# {code} is the offer's code (YES/NO), kept as the job's code after acceptance (START/DONE).
TEMPLATES.update({
    "agent_sms_accepted": {
        "en": "DigiDost 1447: job {code} is yours: request {number}, {service}, {citizen} {phone}, {locality}. "
              "Call the citizen. At the door: START {code} <visit code>",
        "hi": "डिजीदोस्त 1447: काम {code} आपका है: अनुरोध {number}, {service}, {citizen} {phone}, {locality}। "
              "नागरिक को कॉल करें। घर पहुँचकर: START {code} <विज़िट कोड>",
        "ur": "ڈیجی دوست 1447: کام {code} آپ کا ہے: درخواست {number}، {service}، {citizen} {phone}، {locality}۔ "
              "شہری کو کال کریں۔ گھر پہنچ کر: START {code} <وزٹ کوڈ>",
    },
    "agent_sms_declined": {
        "en": "DigiDost 1447: offer {code} declined. It goes to the next agent.",
        "hi": "डिजीदोस्त 1447: प्रस्ताव {code} अस्वीकार किया गया। यह अगले एजेंट को जाएगा।",
        "ur": "ڈیجی دوست 1447: پیشکش {code} سے انکار کر دیا گیا۔ یہ اگلے ایجنٹ کو جائے گی۔",
    },
    "agent_sms_offer_gone": {
        "en": "DigiDost 1447: offer {code} is no longer available: it expired or went to another agent.",
        "hi": "डिजीदोस्त 1447: प्रस्ताव {code} अब उपलब्ध नहीं है: समय खत्म हो गया या किसी और एजेंट को चला गया।",
        "ur": "ڈیجی دوست 1447: پیشکش {code} اب دستیاب نہیں: وقت ختم ہو گیا یا کسی اور ایجنٹ کو چلی گئی۔",
    },
    "agent_sms_already_yours": {
        "en": "DigiDost 1447: job {code} (request {number}) is already yours. To give it back, use the console.",
        "hi": "डिजीदोस्त 1447: काम {code} (अनुरोध {number}) पहले से आपका है। लौटाने के लिए कंसोल का उपयोग करें।",
        "ur": "ڈیجی دوست 1447: کام {code} (درخواست {number}) پہلے سے آپ کا ہے۔ واپس کرنے کے لیے کنسول استعمال کریں۔",
    },
    "agent_sms_accept_first": {
        "en": "DigiDost 1447: offer {code} is not accepted yet. Reply YES {code} first.",
        "hi": "डिजीदोस्त 1447: प्रस्ताव {code} अभी स्वीकार नहीं हुआ है। पहले YES {code} भेजें।",
        "ur": "ڈیجی دوست 1447: پیشکش {code} ابھی قبول نہیں ہوئی۔ پہلے YES {code} بھیجیں۔",
    },
    "agent_sms_unknown_code": {
        "en": "DigiDost 1447: no offer or job has the code {code}. Send JOBS for your codes.",
        "hi": "डिजीदोस्त 1447: कोड {code} का कोई प्रस्ताव या काम नहीं है। अपने कोड के लिए JOBS भेजें।",
        "ur": "ڈیجی دوست 1447: کوڈ {code} کی کوئی پیشکش یا کام نہیں ہے۔ اپنے کوڈ کے لیے JOBS بھیجیں۔",
    },
    "agent_sms_not_yours": {
        "en": "DigiDost 1447: {code} is not your offer or job. Send JOBS for your codes.",
        "hi": "डिजीदोस्त 1447: {code} आपका प्रस्ताव या काम नहीं है। अपने कोड के लिए JOBS भेजें।",
        "ur": "ڈیجی دوست 1447: {code} آپ کی پیشکش یا کام نہیں ہے۔ اپنے کوڈ کے لیے JOBS بھیجیں۔",
    },
    "agent_sms_visit_started": {
        "en": "DigiDost 1447: visit {code} started. When the application is filed: DONE {code} "
              "<application no> {fee}",
        "hi": "डिजीदोस्त 1447: विज़िट {code} शुरू हुई। आवेदन दर्ज होने पर: DONE {code} <आवेदन संख्या> {fee}",
        "ur": "ڈیجی دوست 1447: وزٹ {code} شروع ہو گیا۔ درخواست جمع ہونے پر: DONE {code} <درخواست نمبر> {fee}",
    },
    "agent_sms_wrong_visit_code": {
        "en": "DigiDost 1447: wrong visit code for job {code}. {left} attempts left.",
        "hi": "डिजीदोस्त 1447: काम {code} का विज़िट कोड गलत है। {left} प्रयास बाकी हैं।",
        "ur": "ڈیجی دوست 1447: کام {code} کا وزٹ کوڈ غلط ہے۔ {left} کوششیں باقی ہیں۔",
    },
    "agent_sms_visit_code_locked": {
        "en": "DigiDost 1447: too many wrong codes for job {code}: the code is locked. Ask your supervisor to start "
              "the visit.",
        "hi": "डिजीदोस्त 1447: काम {code} के लिए बहुत सारे गलत कोड: कोड बंद हो गया है। विज़िट शुरू करने के लिए "
              "अपने पर्यवेक्षक से कहें।",
        "ur": "ڈیجی دوست 1447: کام {code} کے لیے بہت زیادہ غلط کوڈ: کوڈ بند ہو گیا ہے۔ وزٹ شروع کرنے کے لیے "
              "اپنے نگران سے کہیں۔",
    },
    "agent_sms_start_first": {
        "en": "DigiDost 1447: start the visit of job {code} first: START {code} <visit code>",
        "hi": "डिजीदोस्त 1447: पहले काम {code} की विज़िट शुरू करें: START {code} <विज़िट कोड>",
        "ur": "ڈیجی دوست 1447: پہلے کام {code} کا وزٹ شروع کریں: START {code} <وزٹ کوڈ>",
    },
    "agent_sms_job_closed": {
        "en": "DigiDost 1447: job {code} (request {number}) is already closed.",
        "hi": "डिजीदोस्त 1447: काम {code} (अनुरोध {number}) पहले ही बंद हो चुका है।",
        "ur": "ڈیجی دوست 1447: کام {code} (درخواست {number}) پہلے ہی بند ہو چکا ہے۔",
    },
    "agent_sms_fee_needs_reason": {
        "en": "DigiDost 1447: the notified fee of job {code} is Rs {fee}. To record another amount add a reason: "
              "DONE {code} <application no> <fee> <reason>. Supervisors will review it.",
        "hi": "डिजीदोस्त 1447: काम {code} का निर्धारित शुल्क रु {fee} है। दूसरी राशि दर्ज करने के लिए कारण लिखें: "
              "DONE {code} <आवेदन संख्या> <शुल्क> <कारण>। पर्यवेक्षक इसकी जाँच करेंगे।",
        "ur": "ڈیجی دوست 1447: کام {code} کی مقررہ فیس روپے {fee} ہے۔ دوسری رقم درج کرنے کے لیے وجہ لکھیں: "
              "DONE {code} <درخواست نمبر> <فیس> <وجہ>۔ نگران اس کی جانچ کریں گے۔",
    },
    "agent_sms_completed": {
        "en": "DigiDost 1447: job {code} completed, application {application}, fee Rs {collected}. "
              "The citizen gets a receipt by SMS.",
        "hi": "डिजीदोस्त 1447: काम {code} पूरा हुआ, आवेदन {application}, शुल्क रु {collected}। "
              "नागरिक को SMS से रसीद मिलेगी।",
        "ur": "ڈیجی دوست 1447: کام {code} مکمل ہو گیا، درخواست {application}، فیس روپے {collected}۔ "
              "شہری کو SMS سے رسید ملے گی۔",
    },
    "agent_sms_completed_flagged": {
        "en": "DigiDost 1447: job {code} completed, application {application}, fee Rs {collected} instead of "
              "Rs {fee}: flagged for supervisors' review. The citizen gets a receipt by SMS.",
        "hi": "डिजीदोस्त 1447: काम {code} पूरा हुआ, आवेदन {application}, शुल्क रु {fee} की जगह रु {collected}: "
              "पर्यवेक्षक इसकी जाँच करेंगे। नागरिक को SMS से रसीद मिलेगी।",
        "ur": "ڈیجی دوست 1447: کام {code} مکمل ہو گیا، درخواست {application}، فیس روپے {fee} کی جگہ روپے "
              "{collected}: نگران اس کی جانچ کریں گے۔ شہری کو SMS سے رسید ملے گی۔",
    },
    "agent_sms_jobs": {
        "en": "DigiDost 1447, your jobs: {jobs}",
        "hi": "डिजीदोस्त 1447, आपके काम: {jobs}",
        "ur": "ڈیجی دوست 1447، آپ کے کام: {jobs}",
    },
    "agent_sms_no_jobs": {
        "en": "DigiDost 1447: you have no offer and no open job.",
        "hi": "डिजीदोस्त 1447: आपके पास कोई प्रस्ताव या खुला काम नहीं है।",
        "ur": "ڈیجی دوست 1447: آپ کے پاس کوئی پیشکش یا کھلا کام نہیں ہے۔",
    },
    # One line per offer or job in agent_sms_jobs, by where it stands.
    "agent_sms_job_offered": {
        "en": "{code} offer {service}, {locality}",
        "hi": "{code} प्रस्ताव {service}, {locality}",
        "ur": "{code} پیشکش {service}، {locality}",
    },
    "agent_sms_job_assigned": {
        "en": "{code} to visit {service}, {locality}",
        "hi": "{code} विज़िट बाकी {service}, {locality}",
        "ur": "{code} وزٹ باقی {service}، {locality}",
    },
    "agent_sms_job_visiting": {
        "en": "{code} visit started {service}, {locality}",
        "hi": "{code} विज़िट शुरू {service}, {locality}",
        "ur": "{code} وزٹ شروع {service}، {locality}",
    },
    "agent_sms_help": {
        "en": "DigiDost 1447 agent SMS: YES <code> accept, NO <code> decline, START <code> <visit code>, "
              "DONE <code> <application no> <fee>, JOBS your jobs",
        "hi": "डिजीदोस्त 1447 एजेंट SMS: YES <कोड> स्वीकार, NO <कोड> अस्वीकार, START <कोड> <विज़िट कोड>, "
              "DONE <कोड> <आवेदन संख्या> <शुल्क>, JOBS आपके काम",
        "ur": "ڈیجی دوست 1447 ایجنٹ SMS: YES <کوڈ> قبول، NO <کوڈ> انکار، START <کوڈ> <وزٹ کوڈ>، "
              "DONE <کوڈ> <درخواست نمبر> <فیس>، JOBS آپ کے کام",
    },
    "agent_sms_bad_format": {
        "en": "DigiDost 1447: not understood. Write: {format}",
        "hi": "डिजीदोस्त 1447: समझ नहीं आया। ऐसे लिखें: {format}",
        "ur": "ڈیجی دوست 1447: سمجھ نہیں آیا۔ ایسے لکھیں: {format}",
    },
    # The right format of each command, for agent_sms_bad_format.
    "agent_sms_format_yes": {"en": "YES <code>", "hi": "YES <कोड>", "ur": "YES <کوڈ>"},
    "agent_sms_format_no": {"en": "NO <code>", "hi": "NO <कोड>", "ur": "NO <کوڈ>"},
    "agent_sms_format_start": {"en": "START <code> <visit code>", "hi": "START <कोड> <विज़िट कोड>",
                               "ur": "START <کوڈ> <وزٹ کوڈ>"},
    "agent_sms_format_done": {"en": "DONE <code> <application no> <fee>",
                              "hi": "DONE <कोड> <आवेदन संख्या> <शुल्क>",
                              "ur": "DONE <کوڈ> <درخواست نمبر> <فیس>"},
})

def sms_text(template: str, language: str, **values: object) -> str:
    """The SMS for a template in a language (English when that language has none), values filled in."""
    texts = TEMPLATES[template]
    return texts.get(language, texts["en"]).format(**values)

# On the citizen's terms (issue 13, item 3): a visit moved or cancelled by the citizen, and a request closed after
# the agent found nobody at home twice. {window} is the local window in digits ("2026-11-26 09:00-13:00 IST").
# Kashmiri (ks) and Dogri (doi) texts are drafts awaiting a native speaker's review.
TEMPLATES.update({
    "request_rescheduled": {
        "en": "DigiDost 1447: request {number} for {service}: the agent will come {window}. "
              "To cancel, send CANCEL {number}.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} ({service}): एजेंट {window} आएंगे। रद्द करने के लिए "
              "CANCEL {number} भेजें।",
        "ur": "ڈیجی دوست 1447: درخواست {number} ({service}): ایجنٹ {window} آئیں گے۔ منسوخ کرنے کے لیے "
              "CANCEL {number} بھیجیں۔",
        "ks": "ڈیجی دوست 1447: درخواست {number} ({service}): ایجنٹ یِیہِ {window}۔ منسوخ کرنہٕ خٲطرٕ "
              "CANCEL {number} سوزِو۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number} ({service}): एजेंट {window} औग। रद्द करने आस्तै "
               "CANCEL {number} भेजो।",
    },
    "request_closed_not_home": {
        "en": "DigiDost 1447: request {number} for {service} is closed: the agent found nobody at home twice. "
              "To book again, call 1447 and choose a visit time when you will be at home.",
        "hi": "डिजीदोस्त 1447: अनुरोध {number} ({service}) बंद कर दिया गया है: एजेंट को दो बार घर पर कोई नहीं "
              "मिला। दोबारा बुक करने के लिए 1447 पर कॉल करें और वह समय चुनें जब आप घर पर हों।",
        "ur": "ڈیجی دوست 1447: درخواست {number} ({service}) بند کر دی گئی ہے: ایجنٹ کو دو بار گھر پر کوئی نہیں "
              "ملا۔ دوبارہ بک کرنے کے لیے 1447 پر کال کریں اور وہ وقت چنیں جب آپ گھر پر ہوں۔",
        "ks": "ڈیجی دوست 1447: درخواست {number} ({service}) کٔر بنٛد: ایجنٹس میوٗل نہٕ زٕ لٹہٕ گَرِ کانٛہہ۔ "
              "دوبارٕ بُک کرنہٕ خٲطرٕ کٔرِو 1447 پؠٹھ کال تہٕ ژارِو سُہ وَکھ ییلہِ توٚہۍ گَرِ آسِو۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number} ({service}) बंद करी दित्ती गेई ऐ: एजेंट गी दो बारी घर कोई नेईं "
               "थ्होआ। परतियै बुक करने आस्तै 1447 पर काल करो ते ओह् समां चुनो जिसलै तुस घर होगे।",
    },
    "agent_job_cancelled": {
        "en": "DigiDost 1447: the citizen cancelled request {number} ({service}, {locality}). Do not visit; "
              "it is no longer one of your jobs.",
        "hi": "डिजीदोस्त 1447: नागरिक ने अनुरोध {number} ({service}, {locality}) रद्द कर दिया। विज़िट न करें; "
              "यह अब आपके काम में नहीं है।",
        "ur": "ڈیجی دوست 1447: شہری نے درخواست {number} ({service}، {locality}) منسوخ کر دی۔ دورہ نہ کریں؛ "
              "یہ اب آپ کے کاموں میں نہیں ہے۔",
        "ks": "ڈیجی دوست 1447: شہری کٔر درخواست {number} ({service}، {locality}) منسوخ۔ دورٕ مٔہ کٔرِو؛ "
              "یہِ چھُنہٕ وۄں تُہنٛدِس کامس منٛز۔",
        "doi": "डिजीदोस्त 1447: नागरिक ने अर्जी {number} ({service}, {locality}) रद्द करी दित्ती। विज़िट नेईं "
               "करो; एह् हून तुंदे कम्में च नेईं ऐ।",
    },
    "agent_job_rescheduled": {
        "en": "DigiDost 1447: the citizen moved the visit for request {number} ({service}, {locality}) to "
              "{window}.",
        "hi": "डिजीदोस्त 1447: नागरिक ने अनुरोध {number} ({service}, {locality}) की विज़िट का समय बदलकर "
              "{window} कर दिया।",
        "ur": "ڈیجی دوست 1447: شہری نے درخواست {number} ({service}، {locality}) کے دورے کا وقت بدل کر "
              "{window} کر دیا۔",
        "ks": "ڈیجی دوست 1447: شہری کوٚر درخواست {number} ({service}، {locality}) ہُنٛد دورٕ {window} "
              "پؠٹھ۔",
        "doi": "डिजीदोस्त 1447: नागरिक ने अर्जी {number} ({service}, {locality}) दी विज़िट दा समां बदलियै "
               "{window} करी दित्ता।",
    },
    "visit_window_note": {
        "en": "Visit: {window}.",
        "hi": "विज़िट: {window}।",
        "ur": "دورہ: {window}۔",
        "ks": "دورٕ: {window}۔",
        "doi": "विज़िट: {window}।",
    },
})

# Kashmiri and Dogri (machine-drafted, to be reviewed by a native speaker) live in dispatch/sms_ks_doi.py.
merge_into(TEMPLATES)
