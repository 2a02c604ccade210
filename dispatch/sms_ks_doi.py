"""SMS texts in Kashmiri (Perso-Arabic script) and Dogri (Devanagari), merged into dispatch/sms.py TEMPLATES.

MACHINE-DRAFTED, TO BE REVIEWED BY A NATIVE SPEAKER (docs/translations-review.md). Same placeholders as the English
template; the keywords a citizen or agent types (STATUS, PAID, YES, NO, START, DONE, JOBS, CANCEL) stay in Latin.
"""

from __future__ import annotations

TEMPLATES_KS_DOI: dict[str, dict[str, str]] = {
    "request_created": {
        "ks": "ڈیجی دوست 1447: {service} خٲطرٕ توہٕنٛز درخاست {number} آیہِ درج کرنہٕ۔ فیس رۄپیہ {fee}۔ "
              "ایجنٹ کرِ توہہِ کال۔ حال: STATUS {number} لیٚکھِتھ کٔرِو SMS",
        "doi": "डिजीदोस्त 1447: {service} आस्तै तुंदी अर्जी {number} दर्ज होई गेई ऐ। फीस रपे {fee}। "
               "एजेंट तुसेंगी फोन करग। हाल: STATUS {number} लिखियै SMS करो",
    },
    "agent_assigned": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: {centre} ہُنٛد {agent} یِیہِ توہہِ نِشہِ۔ "
              "یہِ کوڈ دِیِو صرف تیلہِ ییلہِ ایجنٹ توہہِ دروازس پیٹھ آسہِ: {code}",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: {centre} दे {agent} तुंदे घर औङन। "
               "एह् कोड सिर्फ एजेंट दे दरवाजे पर औने पर गै दस्सो: {code}",
    },
    "offer_to_agent": {
        "ks": "ڈیجی دوست 1447: نٔو کٲم {service}، {locality} ({distance} کلومیٖٹر)۔ {minutes} مِنٹن منز "
              "کنسولس منز قبوٗل کٔرِو، یا SMS کٔرِو: قبوٗل کرنہٕ خٲطرٕ YES {code}، انکار خٲطرٕ NO {code}۔",
        "doi": "डिजीदोस्त 1447: नमां कम्म {service}, {locality} ({distance} कि.मी.)। {minutes} मिंटें च "
               "कंसोल च मंजूर करो, जां SMS करो: मंजूर करने आस्तै YES {code}, नांह् करने आस्तै NO {code}।",
    },
    "receipt": {
        "ks": "ڈیجی دوست 1447 رسید، درخاست {number}: {service}، درخاست نمبر {application}، مقرر فیس "
              "رۄپیہ {fee}، ایجنٹ {agent}، {centre}۔ زیادٕ دِتِو؟ PAID تہٕ رقم لیٚکھِتھ سوزِو، مثلاً PAID 100۔ "
              "دورس درجہٕ دِیِو: 1 جان، 2 ٹھیک، 3 خراب لیٚکھِتھ سوزِو",
        "doi": "डिजीदोस्त 1447 रसीद, अर्जी {number}: {service}, अर्जी नंबर {application}, तैऽ फीस "
               "रपे {fee}, एजेंट {agent}, {centre}। बद्ध दित्ते? PAID ते रकम लिखियै भेजो, जिय्यां PAID 100। "
               "सेवा गी दर्जा देओ: 1 खरा, 2 ठीक, 3 माड़ा लिखियै भेजो",
    },
    "request_waiting": {
        "ks": "ڈیجی دوست 1447: درخاست {number} ({service}): أسۍ چھِ وۄنۍ تہِ توہہِ نزدیٖک ایجنٹ ژھانڈان۔ "
              "ایجنٹ مقرر گژھنہٕ پتہٕ میلِ توہہِ وِزِٹ کوڈ سٟتۍ SMS۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number} ({service}): अस अजें बी तुंदे कोल एजेंट तुप्पा करदे आं। "
               "एजेंट तैऽ होंदे गै तुसेंगी विज़िट कोड कन्नै SMS थ्होग।",
    },
    "visit_not_home": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: ایجنٹس میوٗلۍ نہٕ توہۍ گرس پیٹھ۔ أسۍ چھِ دوبارٕ ایجنٹ ژھانڈان؛ "
              "پرون وِزِٹ کوڈ چلِ نہٕ، نٔو کوڈ یِیہِ SMS ذریعہٕ۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: एजेंट गी तुस घर नेईं लब्भे। अस फ्ही एजेंट तुप्पा करदे आं; "
               "पराना विज़िट कोड हुन नेईं चलग, नमां कोड SMS राहें औग।",
    },
    "visit_documents_missing": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: ایجنٹس میوٗل کاغذات اَدٕ پورٕ۔ اکھ سُپروایزر کرِ توہہِ کال تہٕ "
              "ونِ کیا تھٲوُن تیار؛ پرون وِزِٹ کوڈ چلِ نہٕ۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: एजेंट गी कागज अधूरे लब्भे। इक सुपरवाइज़र तुसेंगी फोन करियै "
               "दस्सग जे के त्यार रक्खना ऐ; पराना विज़िट कोड हुन नेईं चलग।",
    },
    "request_withdrawn": {
        "ks": "ڈیجی دوست 1447: {service} خٲطرٕ درخاست {number} آیہِ توہٕنٛدِ کہنہٕ مطٲبق منسوٗخ کرنہٕ۔ "
              "دوبارٕ بُک کرنہٕ خٲطرٕ کٔرِو 1447 پیٹھ کال۔",
        "doi": "डिजीदोस्त 1447: {service} आस्तै अर्जी {number} तुंदे आखने मताबक रद्द करी दित्ती गेई ऐ। "
               "फ्ही बुक करने आस्तै 1447 पर फोन करो।",
    },
    "job_to_agent": {
        "ks": "ڈیجی دوست 1447: اکھ سُپروایزرن دِیُت توہہِ کٲم {service}، {locality} ({distance} کلومیٖٹر)۔ "
              "یہِ وُچھِو پنٕنِس کنسولس منز۔",
        "doi": "डिजीदोस्त 1447: इक सुपरवाइज़र ने तुसेंगी कम्म दित्ता: {service}, {locality} ({distance} कि.मी.)। "
               "इसगी अपने कंसोल च दिक्खो।",
    },
    "receipt_fee_differs": {
        "ks": "ڈیجی دوست 1447 رسید، درخاست {number}: {service}، درخاست نمبر {application}، مقرر فیس "
              "رۄپیہ {fee}، ایجنٹن لیوٚکھ رۄپیہ {collected}، ایجنٹ {agent}، {centre}۔ رۄپیہ {fee} کھۄتہٕ زیادٕ "
              "دِتِو؟ PAID تہٕ رقم لیٚکھِتھ سوزِو، مثلاً PAID 100۔ دورس درجہٕ دِیِو: 1 جان، 2 ٹھیک، 3 خراب",
        "doi": "डिजीदोस्त 1447 रसीद, अर्जी {number}: {service}, अर्जी नंबर {application}, तैऽ फीस "
               "रपे {fee}, एजेंट ने लिखे रपे {collected}, एजेंट {agent}, {centre}। रपे {fee} थमां बद्ध दित्ते? "
               "PAID ते रकम लिखियै भेजो, जिय्यां PAID 100। सेवा गी दर्जा देओ: 1 खरा, 2 ठीक, 3 माड़ा",
    },
    "dispute_upheld": {
        "ks": "ڈیجی دوست 1447: فیس شکایت نمبر {case}، درخاست {number}: منظوٗر۔ ایجنٹ گژھِ توہہِ رۄپیہ {refund} "
              "واپس دِنۍ۔ نوٹ: {note}",
        "doi": "डिजीदोस्त 1447: फीस शकायत नंबर {case}, अर्जी {number}: मन्नी गेई। एजेंट गी तुसेंगी रपे {refund} "
               "परताने पौङन। नोट: {note}",
    },
    "dispute_rejected": {
        "ks": "ڈیجی دوست 1447: فیس شکایت نمبر {case}، درخاست {number}: منظوٗر آیہِ نہٕ۔ وجہ: {note}۔ "
              "اگر توہۍ متفق چھِو نہٕ تہٕ کٔرِو 1447 پیٹھ کال۔",
        "doi": "डिजीदोस्त 1447: फीस शकायत नंबर {case}, अर्जी {number}: नेईं मन्नी गेई। कारण: {note}। "
               "जेकर तुस सैह्‌मत नेईं ओ तां 1447 पर फोन करो।",
    },
    "rating_after_delivery": {
        "ks": "ڈیجی دوست 1447: درخاست {number}، {service}: ڈلیوری تام کیٚژھ ٲس خدمت؟ "
              "1 جان، 2 ٹھیک، 3 خراب لیٚکھِتھ سوزِو",
        "doi": "डिजीदोस्त 1447: अर्जी {number}, {service}: डिलीवरी तगर सेवा कनेही ही? "
               "1 खरा, 2 ठीक, 3 माड़ा लिखियै भेजो",
    },
    "stage_under_process": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: {service} خٲطرٕ توہٕنٛز درخاست {application} پیٹھ چھےٚ محکمس "
              "منز کارروٲیی جٲری۔ آخری تٲریخ {due}۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: {service} आस्तै तुंदी अर्जी {application} पर महकमे च कारवाई "
               "चला करदी ऐ। आखरी तरीक {due}।",
    },
    "stage_approved": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: {service} خٲطرٕ توہٕنٛز درخاست {application} چھےٚ منظوٗر گمٕژ۔ "
              "ییلہِ یہِ توہہِ واتِ، توہہِ میلِ SMS۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: {service} आस्तै तुंदी अर्जी {application} मंजूर होई गेई ऐ। "
               "जदूं एह् तुसेंगी पुज्जग, तुसेंगी SMS थ्होग।",
    },
    "stage_rejected": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: {service} خٲطرٕ توہٕنٛز درخاست {application} آیہِ نامنظوٗر "
              "کرنہٕ: {reason}۔ مدتھ خٲطرٕ کٔرِو 1447 پیٹھ کال۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: {service} आस्तै तुंदी अर्जी {application} नामंजूर होई गेई: "
               "{reason}। मदद आस्तै 1447 पर फोन करो।",
    },
    "stage_delivered_handed_over": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: توہٕنٛد {service} (درخاست {application}) آو توہہِ حوالہٕ کرنہٕ۔ "
              "میوٗل نہٕ؟ کٔرِو 1447 پیٹھ کال۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: तुंदा {service} (अर्जी {application}) तुसेंगी सौंपी दित्ता गेआ ऐ। "
               "नेईं थ्होआ? 1447 पर फोन करो।",
    },
    "stage_delivered_digilocker": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: توہٕنٛد {service} چھُ توہٕنٛدِس DigiLocker منز تیار "
              "(digilocker.gov.in، Issued Documents)، حوالہٕ {reference}۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: तुंदा {service} तुंदे DigiLocker च त्यार ऐ "
               "(digilocker.gov.in, Issued Documents), हवाला {reference}।",
    },
    "stage_delivered_serviceplus": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: توہٕنٛد {service} چھُ تیار: یہِ کٔرِو ServicePlus "
              "(serviceonline.gov.in) پیٹھہٕ ڈاؤن لوڈ، درخاست {application}، حوالہٕ {reference}۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: तुंदा {service} त्यार ऐ: इसगी ServicePlus "
               "(serviceonline.gov.in) थमां डाउनलोड करो, अर्जी {application}, हवाला {reference}।",
    },
    "stage_documents_missing": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: محکمس چھےٚ درخاست {application} خٲطرٕ بییہِ کاغذات ضروٗرت۔ "
              "تِمن یِنہٕ تام چھےٚ مُدت رُکمٕژ۔ مدتھ خٲطرٕ کٔرِو 1447 پیٹھ کال۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: महकमे गी अर्जी {application} आस्तै होर कागजें दी लोड़ ऐ। "
               "उंदे औने तगर समां-सीमा रुकी दी ऐ। मदद आस्तै 1447 पर फोन करो।",
    },
    "appeal_first": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: {service} آو نہٕ مقرر وقتس منز دِنہٕ۔ توہٕنٛز طرفہٕ آیہِ "
              "گۄڈنِچ اپیلی اتھارٹی{authority} نِش اپیل {appeal} دٲیر کرنہٕ۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: {service} तैऽ समें च नेईं दित्ता गेआ। तुंदी बक्खी दा "
               "पैह्ली अपील अथार्टी{authority} कोल अपील {appeal} दर्ज कीती गेई ऐ।",
    },
    "appeal_second": {
        "ks": "ڈیجی دوست 1447: درخاست {number}: گۄڈنِچ اپیل آیہِ نہٕ وقتس پیٹھ فیصلہٕ کرنہٕ۔ توہٕنٛز طرفہٕ آیہِ "
              "دۆیِمہِ اپیلی اتھارٹی{authority} نِش دۆیِم اپیل {appeal} دٲیر کرنہٕ۔",
        "doi": "डिजीदोस्त 1447: अर्जी {number}: पैह्ली अपील दा फैसला समें पर नेईं होआ। तुंदी बक्खी दा "
               "दूई अपील अथार्टी{authority} कोल दूई अपील {appeal} दर्ज कीती गेई ऐ।",
    },
    # The agents' SMS-only flow (issue 13, item 5): an agent may choose Kashmiri or Dogri for the console.
    "agent_sms_accepted": {
        "ks": "ڈیجی دوست 1447: کٲم {code} چھےٚ توہٕنٛز: درخاست {number}، {service}، {citizen} {phone}، {locality}۔ "
              "شہری سٕندِس کال کٔرِو۔ دروازس پیٹھ: START {code} <وِزِٹ کوڈ>",
        "doi": "डिजीदोस्त 1447: कम्म {code} तुंदा ऐ: अर्जी {number}, {service}, {citizen} {phone}, {locality}। "
               "नागरिक गी फोन करो। दरवाजे पर: START {code} <विज़िट कोड>",
    },
    "agent_sms_declined": {
        "ks": "ڈیجی دوست 1447: آفر {code} آیہِ نامنظوٗر کرنہٕ۔ یہِ گژھِ بییِس ایجنٹس۔",
        "doi": "डिजीदोस्त 1447: आफर {code} नांह् कीती गेई। एह् अगले एजेंट गी जाग।",
    },
    "agent_sms_offer_gone": {
        "ks": "ڈیجی دوست 1447: آفر {code} چھےٚ نہٕ وۄنۍ دستیاب: اَمہِ ہٕنز مُدت گٔیہِ ختم یا گٔیہِ بییِس ایجنٹس۔",
        "doi": "डिजीदोस्त 1447: आफर {code} हुन उपलब्ध नेईं: इसदा समां मुक्की गेआ जां एह् होर एजेंट गी गेई।",
    },
    "agent_sms_already_yours": {
        "ks": "ڈیجی دوست 1447: کٲم {code} (درخاست {number}) چھےٚ گۄڈے توہٕنٛز۔ واپس دِنہٕ خٲطرٕ ورتٲوِو کنسول۔",
        "doi": "डिजीदोस्त 1447: कम्म {code} (अर्जी {number}) पैह्लें गै तुंदा ऐ। वापस देने आस्तै कंसोल बरतो।",
    },
    "agent_sms_accept_first": {
        "ks": "ڈیجی دوست 1447: آفر {code} چھےٚ نہٕ وۄنۍ قبوٗل کرنہٕ آمٕژ۔ گۄڈٕ سوزِو YES {code}۔",
        "doi": "डिजीदोस्त 1447: आफर {code} अजें मंजूर नेईं कीती गेई। पैह्लें YES {code} भेजो।",
    },
    "agent_sms_unknown_code": {
        "ks": "ڈیجی دوست 1447: کوڈ {code} چھُ نہٕ کُنہِ آفرُک یا کامُک۔ پنٕنۍ کوڈ زاننہٕ خٲطرٕ سوزِو JOBS۔",
        "doi": "डिजीदोस्त 1447: कोड {code} कुसै आफर जां कम्म दा नेईं ऐ। अपने कोड जानने आस्तै JOBS भेजो।",
    },
    "agent_sms_not_yours": {
        "ks": "ڈیجی دوست 1447: {code} چھُ نہٕ توہٕنٛد آفر یا کٲم۔ پنٕنۍ کوڈ زاننہٕ خٲطرٕ سوزِو JOBS۔",
        "doi": "डिजीदोस्त 1447: {code} तुंदी आफर जां कम्म नेईं ऐ। अपने कोड जानने आस्तै JOBS भेजो।",
    },
    "agent_sms_visit_started": {
        "ks": "ڈیجی دوست 1447: دورٕ {code} گوٚو شروع۔ ییلہِ درخاست جمع گژھِ: DONE {code} <درخاست نمبر> {fee}",
        "doi": "डिजीदोस्त 1447: दौरा {code} शुरू होई गेआ। जदूं अर्जी जमा होई जा: DONE {code} <अर्जी नंबर> {fee}",
    },
    "agent_sms_wrong_visit_code": {
        "ks": "ڈیجی دوست 1447: کٲم {code} خٲطرٕ غلط وِزِٹ کوڈ۔ {left} کوشش باقٕی۔",
        "doi": "डिजीदोस्त 1447: कम्म {code} आस्तै गलत विज़िट कोड। {left} कोशशां बाकी न।",
    },
    "agent_sms_visit_code_locked": {
        "ks": "ڈیجی دوست 1447: کٲم {code} خٲطرٕ واریاہ غلط کوڈ: کوڈ گوٚو بند۔ پنٕنِس سُپروایزرس ونِو دورٕ شروع کرُن۔",
        "doi": "डिजीदोस्त 1447: कम्म {code} आस्तै मते गलत कोड: कोड बंद होई गेआ। अपने सुपरवाइज़र गी दौरा शुरू "
               "करने आस्तै आखो।",
    },
    "agent_sms_start_first": {
        "ks": "ڈیجی دوست 1447: گۄڈٕ کٔرِو کٲم {code} ہُنٛد دورٕ شروع: START {code} <وِزِٹ کوڈ>",
        "doi": "डिजीदोस्त 1447: पैह्लें कम्म {code} दा दौरा शुरू करो: START {code} <विज़िट कोड>",
    },
    "agent_sms_job_closed": {
        "ks": "ڈیجی دوست 1447: کٲم {code} (درخاست {number}) چھےٚ گۄڈے بند۔",
        "doi": "डिजीदोस्त 1447: कम्म {code} (अर्जी {number}) पैह्लें गै बंद ऐ।",
    },
    "agent_sms_fee_needs_reason": {
        "ks": "ڈیجی دوست 1447: کٲم {code} ہٕنز مقرر فیس چھےٚ رۄپیہ {fee}۔ بیٚیہ رقم لیکھنہٕ خٲطرٕ دِیِو وجہ: "
              "DONE {code} <درخاست نمبر> <فیس> <وجہ>۔ سُپروایزر کرن اَمِچ جانچ۔",
        "doi": "डिजीदोस्त 1447: कम्म {code} दी तैऽ फीस रपे {fee} ऐ। होर रकम लिखने आस्तै कारण देओ: "
               "DONE {code} <अर्जी नंबर> <फीस> <कारण>। सुपरवाइज़र इसदी जांच करङन।",
    },
    "agent_sms_completed": {
        "ks": "ڈیجی دوست 1447: کٲم {code} گٔیہِ مُکمل، درخاست {application}، فیس رۄپیہ {collected}۔ "
              "شہری سٕندِس میلِ SMS ذریعہٕ رسید۔",
        "doi": "डिजीदोस्त 1447: कम्म {code} पूरा, अर्जी {application}, फीस रपे {collected}। "
               "नागरिक गी SMS राहें रसीद थ्होग।",
    },
    "agent_sms_completed_flagged": {
        "ks": "ڈیجی دوست 1447: کٲم {code} گٔیہِ مُکمل، درخاست {application}، فیس رۄپیہ {fee} بجایہِ رۄپیہ "
              "{collected}: سُپروایزرن ہٕنزِ جانچہِ خٲطرٕ نشان دِنہٕ آمُت۔ شہری سٕندِس میلِ SMS ذریعہٕ رسید۔",
        "doi": "डिजीदोस्त 1447: कम्म {code} पूरा, अर्जी {application}, फीस रपे {fee} दी थाह्‌र रपे "
               "{collected}: सुपरवाइज़रें दी जांच आस्तै निशान लाया गेआ। नागरिक गी SMS राहें रसीद थ्होग।",
    },
    "agent_sms_jobs": {
        "ks": "ڈیجی دوست 1447، توہٕنٛز کٲمہٕ: {jobs}",
        "doi": "डिजीदोस्त 1447, तुंदे कम्म: {jobs}",
    },
    "agent_sms_no_jobs": {
        "ks": "ڈیجی دوست 1447: توہہِ نِش چھُ نہٕ کانٛہہ آفر تہٕ نہٕ کانٛہہ کھولمُت کٲم۔",
        "doi": "डिजीदोस्त 1447: तुंदे कोल नां कोई आफर ऐ ते नां कोई खु'ल्ला कम्म।",
    },
    "agent_sms_job_offered": {"ks": "{code} آفر {service}، {locality}", "doi": "{code} आफर {service}, {locality}"},
    "agent_sms_job_assigned": {
        "ks": "{code} دورٕ کرُن {service}، {locality}",
        "doi": "{code} दौरा करना {service}, {locality}",
    },
    "agent_sms_job_visiting": {
        "ks": "{code} دورٕ شروع {service}، {locality}",
        "doi": "{code} दौरा शुरू {service}, {locality}",
    },
    "agent_sms_help": {
        "ks": "ڈیجی دوست 1447 ایجنٹ SMS: YES <کوڈ> قبوٗل، NO <کوڈ> انکار، START <کوڈ> <وِزِٹ کوڈ>، "
              "DONE <کوڈ> <درخاست نمبر> <فیس>، JOBS توہٕنٛز کٲمہٕ",
        "doi": "डिजीदोस्त 1447 एजेंट SMS: YES <कोड> मंजूर, NO <कोड> नांह्, START <कोड> <विज़िट कोड>, "
               "DONE <कोड> <अर्जी नंबर> <फीस>, JOBS तुंदे कम्म",
    },
    "agent_sms_bad_format": {
        "ks": "ڈیجی دوست 1447: سمجھ آو نہٕ۔ یِتھہٕ پٲٹھۍ لیٚکھِو: {format}",
        "doi": "डिजीदोस्त 1447: समझ नेईं आया। इयां लिखो: {format}",
    },
    "agent_sms_format_yes": {"ks": "YES <کوڈ>", "doi": "YES <कोड>"},
    "agent_sms_format_no": {"ks": "NO <کوڈ>", "doi": "NO <कोड>"},
    "agent_sms_format_start": {"ks": "START <کوڈ> <وِزِٹ کوڈ>", "doi": "START <कोड> <विज़िट कोड>"},
    "agent_sms_format_done": {"ks": "DONE <کوڈ> <درخاست نمبر> <فیس>", "doi": "DONE <कोड> <अर्जी नंबर> <फीस>"},
}


def merge_into(templates: dict[str, dict[str, str]]) -> None:
    """Add the Kashmiri and Dogri texts to the catalogue's templates (a key not in the catalogue is left out)."""
    for key, texts in TEMPLATES_KS_DOI.items():
        if key in templates:
            templates[key].update({language: text for language, text in texts.items()
                                   if language not in templates[key]})
