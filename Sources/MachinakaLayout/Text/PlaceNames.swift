/// Names of places in Sagamihara that a line must never split: the city, its three wards, its
/// districts and larger neighbourhoods, its stations, rivers and lakes. ICU's dictionary does
/// not know them (相模原市 breaks as 相模原|市, 水郷田名 as 水|郷田|名). A feed adds its own in
/// `words.txt` at its top, one per line.
enum PlaceNames {
    static let sagamihara: [String] = [
        // The city and its wards.
        "相模原市", "相模原", "緑区", "中央区", "南区", "相模原市緑区", "相模原市中央区", "相模原市南区",
        // 緑区: the former towns and their areas.
        "橋本", "東橋本", "西橋本", "元橋本町", "橋本台", "相原", "大山町", "二本松", "下九沢", "上九沢", "九沢", "大島", "川尻", "町屋",
        "城山", "葉山島", "小倉", "中沢", "谷ケ原", "向原", "原宿南", "若葉台", "久保沢",
        "津久井", "中野", "三ケ木", "三ヶ木", "太井", "長竹", "根小屋", "青山", "又野", "鳥屋", "青根", "寸沢嵐", "若柳",
        "相模湖", "与瀬", "千木良", "小原", "藤野", "小渕", "吉野", "名倉", "日連", "牧野", "佐野川", "澤井", "沢井", "宮ヶ瀬",
        // 中央区.
        "上溝", "下溝", "田名", "水郷田名", "淵野辺", "淵野辺本町", "鹿沼台", "共和", "東淵野辺", "矢部", "清新", "富士見", "中央",
        "星が丘", "光が丘", "陽光台", "千代田", "横山", "横山台", "並木", "弥栄", "宮下", "宮下本町", "小山", "由野台", "田名塩田",
        "上矢部", "向陽町", "緑が丘", "高根", "南橋本", "清新",
        // 南区.
        "相模大野", "古淵", "大野台", "上鶴間", "上鶴間本町", "鵜野森", "東林間", "麻溝台", "新戸", "当麻", "磯部", "相武台", "相南",
        "南台", "相模台", "双葉", "文京", "旭町", "松が枝町", "若松", "桜台", "御園", "下溝", "新磯野", "栄町", "豊町", "北里",
        "麻溝", "大沼", "東大沼", "西大沼", "上鶴間", "当麻宿",
        // The city's 22 districts (地区, each with its まちづくりセンター), alone and as "…地区":
        // JMA and the city list them so, and 中央|地区 or 大野|中地区 misread on an alert.
    ] + districts + districts.map { $0 + "地区" } + [
        // Stations, rivers, lakes, landmarks.
        "相模原駅", "橋本駅", "相模大野駅", "淵野辺駅", "古淵駅", "小田急相模原", "小田急相模原駅", "原当麻", "番田", "上溝駅",
        "相模湖駅", "藤野駅", "南橋本駅", "矢部駅", "相武台前", "東林間駅", "相模川", "境川", "道志川", "串川",
        "津久井湖", "宮ヶ瀬湖", "城山ダム", "相模ダム", "相模原麻溝公園", "相模原公園", "淵野辺公園", "JAXA", "相模原市役所",
    ]

    /// The 22 districts the city is divided into for its community centres and its alerts.
    static let districts = ["橋本", "大沢", "城山", "津久井", "相模湖", "藤野", "小山", "清新", "横山", "中央", "星が丘", "光が丘",
                            "大野北", "田名", "上溝", "大野中", "大野南", "麻溝", "新磯", "相模台", "相武台", "東林"]
}
