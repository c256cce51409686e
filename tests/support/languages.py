"""The charter-ready Victoria Park example (conftest's `ready_definition`) offered in
Welsh, Polish, Punjabi, Urdu and Bengali, with every one of its texts translated, for
the tests of issue 15 (answering, printing and counting in each language).

The translations were written for these tests by the developers, not by native
speakers: they are real words in each script, which is what the tests need (fonts,
direction, extraction), not reviewed wording for residents.
"""

from __future__ import annotations

import copy
from typing import Any

WELSH = {
    "title": "Dweud eich dweud am Barc Victoria",
    "summary": "Rydym eisiau gwella Parc Victoria. Dywedwch wrthym beth sy'n bwysig i chi.",
    "can_change.0": "Ble mae meinciau a goleuadau newydd yn mynd",
    "can_change.1": "Pa offer chwarae rydym yn eu prynu",
    "cannot_change.0": "Cyfanswm y gyllideb o £250,000, a osodwyd gan y cyngor ym mis Mawrth",
    "sections.0.title": "Defnyddio'r parc",
    "questions.visit.text": "Pa mor aml ydych chi'n ymweld â Pharc Victoria?",
    "questions.visit.easy_read": "Pa mor aml ydych chi'n mynd i'r parc?",
    "questions.visit.options.weekly.label": "Bob wythnos",
    "questions.visit.options.monthly.label": "Bob mis",
    "questions.visit.options.never.label": "Byth",
    "questions.why_not.text": "Beth sy'n eich atal rhag ymweld?",
    "questions.safe.text": "Rwy'n teimlo'n ddiogel yn y parc ar ôl iddi dywyllu.",
    "sections.1.title": "Amdanoch chi",
    "questions.postcode.text": "Beth yw eich cod post?",
    "questions.hear_back.text": "Hoffech chi i ni ddweud wrthych beth ddigwyddodd?",
    "privacy_notice": "Rydym yn defnyddio eich atebion i gynllunio'r parc yn unig, ac yn "
                      "eu cadw am ddwy flynedd.",
}

POLISH = {
    "title": "Wyraź swoją opinię o Victoria Park",
    "summary": "Chcemy ulepszyć Victoria Park. Powiedz nam, co jest dla ciebie ważne.",
    "can_change.0": "Gdzie staną nowe ławki i oświetlenie",
    "can_change.1": "Jaki sprzęt do zabawy kupimy",
    "cannot_change.0": "Budżet 250 000 funtów, ustalony przez radę w marcu",
    "sections.0.title": "Korzystanie z parku",
    "questions.visit.text": "Jak często odwiedzasz Victoria Park?",
    "questions.visit.easy_read": "Jak często chodzisz do parku?",
    "questions.visit.options.weekly.label": "Co tydzień",
    "questions.visit.options.monthly.label": "Co miesiąc",
    "questions.visit.options.never.label": "Nigdy",
    "questions.why_not.text": "Co powstrzymuje cię przed odwiedzaniem parku?",
    "questions.safe.text": "Czuję się bezpiecznie w parku po zmroku.",
    "sections.1.title": "O tobie",
    "questions.postcode.text": "Jaki jest twój kod pocztowy?",
    "questions.hear_back.text": "Czy chcesz, abyśmy powiedzieli ci, co się stało?",
    "privacy_notice": "Używamy twoich odpowiedzi tylko do planowania parku i "
                      "przechowujemy je przez dwa lata.",
}

PUNJABI = {
    "title": "ਵਿਕਟੋਰੀਆ ਪਾਰਕ ਬਾਰੇ ਆਪਣੀ ਰਾਏ ਦਿਓ",
    "summary": "ਅਸੀਂ ਵਿਕਟੋਰੀਆ ਪਾਰਕ ਨੂੰ ਬਿਹਤਰ ਬਣਾਉਣਾ ਚਾਹੁੰਦੇ ਹਾਂ। ਸਾਨੂੰ ਦੱਸੋ ਕਿ ਤੁਹਾਡੇ ਲਈ ਕੀ ਮਹੱਤਵਪੂਰਨ ਹੈ।",
    "can_change.0": "ਨਵੇਂ ਬੈਂਚ ਅਤੇ ਰੋਸ਼ਨੀ ਕਿੱਥੇ ਲੱਗਣਗੇ",
    "can_change.1": "ਅਸੀਂ ਖੇਡਣ ਦਾ ਕਿਹੜਾ ਸਾਮਾਨ ਖਰੀਦਾਂਗੇ",
    "cannot_change.0": "£250,000 ਦਾ ਕੁੱਲ ਬਜਟ, ਜੋ ਕੌਂਸਲ ਨੇ ਮਾਰਚ ਵਿੱਚ ਤੈਅ ਕੀਤਾ",
    "sections.0.title": "ਪਾਰਕ ਦੀ ਵਰਤੋਂ",
    "questions.visit.text": "ਤੁਸੀਂ ਵਿਕਟੋਰੀਆ ਪਾਰਕ ਕਿੰਨੀ ਵਾਰ ਜਾਂਦੇ ਹੋ?",
    "questions.visit.easy_read": "ਤੁਸੀਂ ਪਾਰਕ ਕਿੰਨੀ ਵਾਰ ਜਾਂਦੇ ਹੋ?",
    "questions.visit.options.weekly.label": "ਹਰ ਹਫ਼ਤੇ",
    "questions.visit.options.monthly.label": "ਹਰ ਮਹੀਨੇ",
    "questions.visit.options.never.label": "ਕਦੇ ਨਹੀਂ",
    "questions.why_not.text": "ਤੁਹਾਨੂੰ ਜਾਣ ਤੋਂ ਕੀ ਰੋਕਦਾ ਹੈ?",
    "questions.safe.text": "ਮੈਂ ਹਨੇਰੇ ਤੋਂ ਬਾਅਦ ਪਾਰਕ ਵਿੱਚ ਸੁਰੱਖਿਅਤ ਮਹਿਸੂਸ ਕਰਦਾ ਹਾਂ।",
    "sections.1.title": "ਤੁਹਾਡੇ ਬਾਰੇ",
    "questions.postcode.text": "ਤੁਹਾਡਾ ਪੋਸਟਕੋਡ ਕੀ ਹੈ?",
    "questions.hear_back.text": "ਕੀ ਤੁਸੀਂ ਚਾਹੁੰਦੇ ਹੋ ਕਿ ਅਸੀਂ ਤੁਹਾਨੂੰ ਦੱਸੀਏ ਕਿ ਕੀ ਹੋਇਆ?",
    "privacy_notice": "ਅਸੀਂ ਤੁਹਾਡੇ ਜਵਾਬ ਸਿਰਫ਼ ਪਾਰਕ ਦੀ ਯੋਜਨਾ ਬਣਾਉਣ ਲਈ ਵਰਤਦੇ ਹਾਂ, ਅਤੇ ਉਹਨਾਂ ਨੂੰ ਦੋ ਸਾਲ "
                      "ਰੱਖਦੇ ਹਾਂ।",
}

URDU = {
    "title": "وکٹوریہ پارک کے بارے میں اپنی رائے دیں",
    "summary": "ہم وکٹوریہ پارک کو بہتر بنانا چاہتے ہیں۔ ہمیں بتائیں کہ آپ کے لیے کیا اہم ہے۔",
    "can_change.0": "نئے بینچ اور روشنیاں کہاں لگیں گی",
    "can_change.1": "ہم کھیل کا کون سا سامان خریدیں گے",
    "cannot_change.0": "کل بجٹ £250,000، جو کونسل نے مارچ میں طے کیا",
    "sections.0.title": "پارک کا استعمال",
    "questions.visit.text": "آپ وکٹوریہ پارک کتنی بار جاتے ہیں؟",
    "questions.visit.easy_read": "آپ پارک کتنی بار جاتے ہیں؟",
    "questions.visit.options.weekly.label": "ہر ہفتے",
    "questions.visit.options.monthly.label": "ہر مہینے",
    "questions.visit.options.never.label": "کبھی نہیں",
    "questions.why_not.text": "آپ کو جانے سے کیا روکتا ہے؟",
    "questions.safe.text": "میں اندھیرے کے بعد پارک میں محفوظ محسوس کرتا ہوں۔",
    "sections.1.title": "آپ کے بارے میں",
    "questions.postcode.text": "آپ کا پوسٹ کوڈ کیا ہے؟",
    "questions.hear_back.text": "کیا آپ چاہتے ہیں کہ ہم آپ کو بتائیں کہ کیا ہوا؟",
    "privacy_notice": "ہم آپ کے جوابات صرف پارک کی منصوبہ بندی کے لیے استعمال کرتے ہیں، اور "
                      "انہیں دو سال تک رکھتے ہیں۔",
}

BENGALI = {
    "title": "ভিক্টোরিয়া পার্ক সম্পর্কে আপনার মতামত দিন",
    "summary": "আমরা ভিক্টোরিয়া পার্ক উন্নত করতে চাই। আপনার কাছে কী গুরুত্বপূর্ণ তা আমাদের বলুন।",
    "can_change.0": "নতুন বেঞ্চ আর আলো কোথায় বসবে",
    "can_change.1": "আমরা কোন খেলার সরঞ্জাম কিনব",
    "cannot_change.0": "মোট বাজেট £250,000, যা কাউন্সিল মার্চ মাসে ঠিক করেছে",
    "sections.0.title": "পার্ক ব্যবহার",
    "questions.visit.text": "আপনি কত ঘন ঘন ভিক্টোরিয়া পার্কে যান?",
    "questions.visit.easy_read": "আপনি কত বার পার্কে যান?",
    "questions.visit.options.weekly.label": "প্রতি সপ্তাহে",
    "questions.visit.options.monthly.label": "প্রতি মাসে",
    "questions.visit.options.never.label": "কখনও না",
    "questions.why_not.text": "কী আপনাকে যেতে বাধা দেয়?",
    "questions.safe.text": "অন্ধকারের পরে আমি পার্কে নিরাপদ বোধ করি।",
    "sections.1.title": "আপনার সম্পর্কে",
    "questions.postcode.text": "আপনার পোস্টকোড কী?",
    "questions.hear_back.text": "কী হয়েছে তা কি আমরা আপনাকে জানাব?",
    "privacy_notice": "আমরা আপনার উত্তর শুধু পার্কের পরিকল্পনার জন্য ব্যবহার করি, এবং দুই বছর "
                      "রাখি।",
}

BY_LANGUAGE: dict[str, dict[str, str]] = {
    "cy": WELSH, "pl": POLISH, "pa": PUNJABI, "ur": URDU, "bn": BENGALI}
FIVE = ("cy", "pl", "pa", "ur", "bn")


def offered_in(definition: dict[str, Any], *codes: str) -> dict[str, Any]:
    """A copy of `definition` (conftest's `ready_definition`) offered in `codes` besides
    English, with every text translated, so it publishes without a reason."""
    return {**copy.deepcopy(definition), "languages": list(codes),
            "translations": {code: {text_id: {"text": text}
                                    for text_id, text in BY_LANGUAGE[code].items()}
                             for code in codes}}
