/// The words of JMA's warnings in English, Chinese (Simplified) and Korean, and the action
/// phrases shown with them. Each entry says where its wording comes from:
///
/// - `dictionary`: JMA's multilingual dictionary of disaster information (気象庁 多言語辞書,
///   2026-03-26 edition, https://www.data.jma.go.jp/developer/multilingual.html), as quoted
///   word for word by the public repositories MSJPGames/jlpt-practice (`bousai_data.js`) and
///   kotopapa/livecam-jp (`app/lib/l10n`); the spreadsheet itself could not be reached from
///   where this was written, so check against it before relying on an entry. Used under the
///   Government of Japan's 公共データ利用規約 (attribution; edited).
/// - `jmaEnglish`: JMA's English wording as nbtk/azarashi's translation policy quotes it.
/// - `cabinetOffice`: the Cabinet Office's wording on the Japan Tourism Agency's Safety tips site.
/// - `machinaka`: written for Machinaka where no published wording was found.
enum JMATerms {
    enum Source: String {
        case dictionary, jmaEnglish, cabinetOffice, machinaka
    }

    struct Term {
        var en: String
        var zh: String
        var ko: String
        var source: Source
    }

    /// Warning names, by their Japanese name.
    static let names: [String: Term] = [
        "大雨特別警報": Term(en: "Heavy Rain Emergency Warning", zh: "大雨特别警报", ko: "호우 특별 경보", source: .dictionary),
        "暴風特別警報": Term(en: "Storm Emergency Warning", zh: "暴风特别警报", ko: "폭풍 특별 경보", source: .dictionary),
        "大雪特別警報": Term(en: "Heavy Snow Emergency Warning", zh: "大雪特别警报", ko: "대설 특별 경보", source: .dictionary),
        "波浪特別警報": Term(en: "High Wave Emergency Warning", zh: "海浪特别警报", ko: "풍랑 특별 경보", source: .dictionary),
        "高潮特別警報": Term(en: "Storm Surge Emergency Warning", zh: "暴潮特别警报", ko: "폭풍 해일 특별 경보", source: .dictionary),
        "暴風雪特別警報": Term(en: "Snowstorm Emergency Warning", zh: "暴风雪特别警报", ko: "눈폭풍 특별 경보", source: .dictionary),
        "大雨警報": Term(en: "Heavy Rain Warning", zh: "大雨警报", ko: "호우 경보", source: .dictionary),
        "洪水警報": Term(en: "Flood Warning", zh: "洪水警报", ko: "홍수 경보", source: .dictionary),
        "暴風警報": Term(en: "Storm Warning", zh: "暴风警报", ko: "폭풍 경보", source: .dictionary),
        "暴風雪警報": Term(en: "Snowstorm Warning", zh: "暴风雪警报", ko: "폭풍설 경보", source: .dictionary),
        "大雪警報": Term(en: "Heavy Snow Warning", zh: "大雪警报", ko: "대설 경보", source: .dictionary),
        "波浪警報": Term(en: "High Wave Warning", zh: "海浪警报", ko: "풍랑 경보", source: .dictionary),
        "高潮警報": Term(en: "Storm Surge Warning", zh: "暴潮警报", ko: "폭풍 해일 경보", source: .dictionary),
        "大雨注意報": Term(en: "Heavy Rain Advisory", zh: "大雨注意报", ko: "호우 주의보", source: .dictionary),
        "洪水注意報": Term(en: "Flood Advisory", zh: "洪水注意报", ko: "홍수 주의보", source: .dictionary),
        "強風注意報": Term(en: "Gale Advisory", zh: "强风注意报", ko: "강풍 주의보", source: .dictionary),
        "風雪注意報": Term(en: "Gale and Snow Advisory", zh: "风雪注意报", ko: "눈보라 주의보", source: .dictionary),
        "大雪注意報": Term(en: "Heavy Snow Advisory", zh: "大雪注意报", ko: "대설 주의보", source: .dictionary),
        "波浪注意報": Term(en: "High Wave Advisory", zh: "波浪注意报", ko: "풍랑 주의보", source: .dictionary),
        "高潮注意報": Term(en: "Storm Surge Advisory", zh: "暴潮注意报", ko: "폭풍 해일 주의보", source: .dictionary),
        "雷注意報": Term(en: "Thunderstorm Advisory", zh: "闪电注意报", ko: "벼락 주의보", source: .dictionary),
        "濃霧注意報": Term(en: "Dense Fog Advisory", zh: "浓雾注意报", ko: "짙은 안개 주의보", source: .dictionary),
        "乾燥注意報": Term(en: "Dry Air Advisory", zh: "干燥注意报", ko: "건조 주의보", source: .dictionary),
        "なだれ注意報": Term(en: "Avalanche Advisory", zh: "雪崩注意报", ko: "눈사태 주의보", source: .dictionary),
        "低温注意報": Term(en: "Low Temperature Advisory", zh: "低温注意报", ko: "저온 주의보", source: .dictionary),
        "霜注意報": Term(en: "Frost Advisory", zh: "结霜注意报", ko: "서리 주의보", source: .dictionary),
        "着氷注意報": Term(en: "Ice Accretion Advisory", zh: "结冰注意报", ko: "착빙 주의보", source: .dictionary),
        "着雪注意報": Term(en: "Snow Accretion Advisory", zh: "积雪注意报", ko: "착설 주의보", source: .dictionary),
        "融雪注意報": Term(en: "Snow Melting Advisory", zh: "化雪注意报", ko: "융설 주의보", source: .dictionary),
        "土砂災害警戒情報": Term(en: "Landslide Alert Information", zh: "土石流灾害警戒通知", ko: "산사태 경계 정보", source: .dictionary),
        // Designated-river flood forecasts before 2026 (氾濫注意情報 … 氾濫発生情報, levels 2–5).
        "氾濫発生情報": Term(en: "Flooding Has Occurred (river)", zh: "河川泛滥发生信息", ko: "하천 범람 발생 정보", source: .machinaka),
        "氾濫危険情報": Term(en: "Flood Danger Information (river)", zh: "河川泛滥危险信息", ko: "하천 범람 위험 정보", source: .machinaka),
        "氾濫警戒情報": Term(en: "Flood Warning Information (river)", zh: "河川泛滥警戒信息", ko: "하천 범람 경계 정보", source: .machinaka),
        "氾濫注意情報": Term(en: "Flood Advisory Information (river)", zh: "河川泛滥注意信息", ko: "하천 범람 주의 정보", source: .machinaka),
        "大津波警報": Term(en: "Major Tsunami Warning", zh: "大海啸警报", ko: "대형 지진해일 경보", source: .dictionary),
        "津波警報": Term(en: "Tsunami Warning", zh: "海啸警报", ko: "지진해일 경보", source: .dictionary),
        "津波注意報": Term(en: "Tsunami Advisory", zh: "海啸注意警报", ko: "지진해일 주의보", source: .dictionary),
        "緊急地震速報（警報）": Term(en: "Earthquake Early Warning (EEW)", zh: "紧急地震警报", ko: "긴급 지진 속보", source: .dictionary),
        "緊急地震速報（予報）": Term(en: "Earthquake Early Warning (forecast)", zh: "紧急地震警报（预报）", ko: "긴급 지진 속보(예보)", source: .machinaka),
    ]

    /// What to do, by the class of what is in force.
    static let actions: [String: (ja: String, term: Term)] = [
        "special": ("ただちに命を守るための行動をとってください。",
                    Term(en: "Take immediate action to protect your life.", zh: "请立即采取保护生命的行动。", ko: "즉시 목숨을 지키기 위한 행동을 취하십시오.", source: .machinaka)),
        "warning": ("危険な場所には近づかず、今後の情報に警戒してください。",
                    Term(en: "Stay away from dangerous places and watch for further information.", zh: "请远离危险场所，并注意后续信息。", ko: "위험한 장소에 가까이 가지 말고 앞으로의 정보에 경계하십시오.", source: .machinaka)),
        "advisory": ("今後の情報に注意してください。",
                     Term(en: "Pay attention to further information.", zh: "请注意后续信息。", ko: "앞으로의 정보에 주의하십시오.", source: .machinaka)),
        // The actions of the 警戒レベル an R06 name carries (the Cabinet Office's words for
        // levels 4, 3 and 2: 危険な場所から全員避難, 危険な場所から高齢者等は避難, 自らの避難行動を確認).
        "danger": ("危険な場所から全員避難してください。",
                   Term(en: "Everyone in a dangerous place must evacuate.", zh: "请全体人员立即从危险场所避难。", ko: "위험한 장소에서 전원 대피하십시오.", source: .cabinetOffice)),
        "level3": ("危険な場所から高齢者等は避難してください。",
                   Term(en: "Older people and others who need time must evacuate from dangerous places.", zh: "老年人等请从危险场所避难。", ko: "고령자 등은 위험한 장소에서 대피하십시오.", source: .machinaka)),
        "level2": ("ハザードマップ等で自らの避難行動を確認してください。",
                   Term(en: "Check on the hazard map where and how you would evacuate.", zh: "请通过灾害风险地图等确认自己的避难行动。", ko: "해저드 맵 등으로 자신의 대피 행동을 확인하십시오.", source: .machinaka)),
        "landslide": ("危険な場所から全員避難してください。",
                      Term(en: "Everyone in a dangerous place must evacuate.", zh: "请全体人员立即从危险场所避难。", ko: "위험한 장소에서 전원 대피하십시오.", source: .cabinetOffice)),
        "tsunami": ("沿岸部や川沿いにいる人は、ただちに高台や避難ビルなど安全な場所へ避難してください。",
                    Term(en: "Evacuate immediately from coastal regions and riverside areas to a safer place such as high ground or an evacuation building.",
                         zh: "沿海地区和河边的人请立即前往高地或避难大楼等安全场所避难。", ko: "해안이나 강가에 있는 분은 즉시 높은 곳이나 대피 빌딩 등 안전한 곳으로 대피하십시오.", source: .jmaEnglish)),
        "tsunami-advisory": ("海の中にいる人は、ただちに海から上がって、海岸から離れてください。",
                             Term(en: "Get out of the water and leave coastal regions immediately.", zh: "在海中的人请立即上岸并远离海岸。", ko: "바다에 있는 분은 즉시 바다에서 나와 해안에서 떨어지십시오.", source: .jmaEnglish)),
        "earthquake": ("強い揺れに警戒してください。",
                       Term(en: "Watch out for strong tremors.", zh: "请警惕强烈摇晃。", ko: "강한 흔들림에 경계하십시오.", source: .jmaEnglish)),
    ]

    /// Area names of Sagamihara and its neighbours in other languages (others stay as JMA
    /// writes them).
    static let areas: [String: Term] = [
        "相模原市": Term(en: "Sagamihara City", zh: "相模原市", ko: "사가미하라시", source: .machinaka),
        "相模原市東部": Term(en: "eastern Sagamihara", zh: "相模原市东部", ko: "사가미하라시 동부", source: .machinaka),
        "相模原市西部": Term(en: "western Sagamihara", zh: "相模原市西部", ko: "사가미하라시 서부", source: .machinaka),
        "神奈川県": Term(en: "Kanagawa Prefecture", zh: "神奈川县", ko: "가나가와현", source: .machinaka),
        "神奈川県東部": Term(en: "eastern Kanagawa", zh: "神奈川县东部", ko: "가나가와현 동부", source: .machinaka),
        "神奈川県西部": Term(en: "western Kanagawa", zh: "神奈川县西部", ko: "가나가와현 서부", source: .machinaka),
        "相模湾・三浦半島": Term(en: "Sagami Bay and Miura Peninsula", zh: "相模湾・三浦半岛", ko: "사가미만·미우라반도", source: .machinaka),
        "東京湾内湾": Term(en: "Inner Tokyo Bay", zh: "东京湾内湾", ko: "도쿄만 내만", source: .machinaka),
        "小田原市": Term(en: "Odawara City", zh: "小田原市", ko: "오다와라시", source: .machinaka),
    ]

    /// The parts of JMA's 2026 names (レベル４高潮危険警報: a level, a phenomenon, a class).
    /// The dictionary gives the four 高潮 names — "Level 4 Urgent Warning (Storm Surge)",
    /// 等级4 暴潮危险警报, 레벨 4 폭풍 해일 위험 경보 — and the words of each phenomenon; the
    /// other names are put together by that pattern (`machinaka`).
    static let phenomena: [String: Term] = [
        "大雨": Term(en: "Heavy Rain", zh: "大雨", ko: "호우", source: .dictionary),
        "土砂災害": Term(en: "Landslide", zh: "土石流", ko: "토사 재해", source: .dictionary),
        "高潮": Term(en: "Storm Surge", zh: "暴潮", ko: "폭풍 해일", source: .dictionary),
        "氾濫": Term(en: "Flood", zh: "洪水泛滥", ko: "하천 범람", source: .machinaka),
    ]
    static let classes: [String: Term] = [
        "特別警報": Term(en: "Emergency Warning", zh: "特别警报", ko: "특별 경보", source: .dictionary),
        "危険警報": Term(en: "Urgent Warning", zh: "危险警报", ko: "위험 경보", source: .dictionary),
        "警報": Term(en: "Warning", zh: "警报", ko: "경보", source: .dictionary),
        "注意報": Term(en: "Advisory", zh: "注意报", ko: "주의보", source: .dictionary),
    ]

    /// A 2026 name with its level (レベル４大雨危険警報) in the other languages, by the
    /// dictionary's pattern; nil for any other name.
    static func leveled(_ name: String) -> Term? {
        let normal = normalized(name)
        guard normal.hasPrefix("レベル"), let digit = normal.dropFirst(3).first, let level = digit.wholeNumberValue else { return nil }
        let rest = String(normal.dropFirst(4))
        // The longest class that ends the name: 特別警報 and 危険警報 before 警報.
        guard let klass = ["特別警報", "危険警報", "注意報", "警報"].first(where: { rest.hasSuffix($0) }),
            let phenomenon = phenomena[String(rest.dropLast(klass.count))], let words = classes[klass]
        else { return nil }
        let source: Source = phenomenon.en == "Storm Surge" ? .dictionary : .machinaka
        return Term(en: "Level \(level) \(words.en) (\(phenomenon.en))", zh: "等级\(level) \(phenomenon.zh)\(words.zh)",
                    ko: "레벨 \(level) \(phenomenon.ko) \(words.ko)", source: source)
    }

    /// `name` in `language` (en, zh, ko), or the Japanese when the table has none.
    static func name(_ name: String, in language: String) -> String {
        word(names[normalized(name)] ?? leveled(name), name, language)
    }

    static func area(_ name: String, in language: String) -> String {
        word(areas[name], name, language)
    }

    private static func word(_ term: Term?, _ japanese: String, _ language: String) -> String {
        guard let term else { return japanese }
        switch language {
        case "en": return term.en
        case "zh": return term.zh
        case "ko": return term.ko
        default: return japanese
        }
    }

    /// Full-width digits made half-width (`レベル４` → `レベル4`), as the table writes names.
    static func normalized(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar in
            (0xFF10...0xFF19).contains(scalar.value) ? Character(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!) : Character(scalar)
        })
    }
}
