"""The demo's meeting, companies, topics and departments, in both languages (build_demo_data.py)."""

MEETING = {
    "number": 16,
    "year": 2021,
    # The papers print no meeting date; the demo assumes early November 2021.
    "date": "2021-11-05",
    "theme_en": "Good Tale of Two Cities: Building the Chengdu-Chongqing Economic Circle",
    "theme_zh_hans": "唱好“双城记” 共建成渝地区双城经济圈",
}

# name_en -> (slug, name_zh, country)
COMPANIES = {
    "Corning Incorporated": ("corning", "康宁公司", "United States"),
    "Nomura": ("nomura", "野村控股", "Japan"),
    "SAP": ("sap", "思爱普（SAP）", "Germany"),
    "Jardine Matheson Group": ("jardine-matheson", "怡和集团", "United Kingdom"),
    "Ford Motor Company": ("ford", "福特汽车公司", "United States"),
    "AT&S": ("ats", "奥特斯（AT&S）", "Austria"),
    "Schneider Electric": ("schneider-electric", "施耐德电气", "France"),
    "HP": ("hp", "惠普公司", "United States"),
    "BASF": ("basf", "巴斯夫", "Germany"),
    "Ericsson": ("ericsson", "爱立信", "Sweden"),
    "Microsoft": ("microsoft", "微软", "United States"),
    "bp": ("bp", "英国石油公司（bp）", "United Kingdom"),
    "Sumitomo Mitsui Banking Corporation": ("smbc", "三井住友银行", "Japan"),
    "Cummins": ("cummins", "康明斯", "United States"),
    "Honeywell": ("honeywell", "霍尼韦尔", "United States"),
    "Hitachi ABB Power Grids": ("hitachi-abb-power-grids", "日立ABB电网", "Switzerland"),
    "Mizuho Bank": ("mizuho", "瑞穗银行", "Japan"),
    "FANUC": ("fanuc", "发那科", "Japan"),
}

TOPICS = [
    # slug, en, zh, keywords found in the reader's policy area (first match wins)
    (
        "green-low-carbon",
        "Green and low-carbon",
        "绿色低碳",
        ["carbon", "green", "energy", "hydrogen", "emission", "ecolog", "power grid", "nev"],
    ),
    (
        "digital-economy",
        "Digital economy",
        "数字经济",
        ["digital", "5g", "data", "cloud", "smart", "internet", "it ", "software", "icv"],
    ),
    ("transport-logistics", "Transport and logistics", "交通物流", ["transport", "logistic", "hub", "port", "rail"]),
    ("finance", "Finance", "金融", ["financ", "fund", "bank", "capital", "rmb", "insurance"]),
    ("talent", "Talent", "人才", ["talent", "education", "skill", "training", "university"]),
    (
        "innovation",
        "Science, technology and innovation",
        "科技创新",
        ["innovation", "s&t", "r&d", "technolog", "startup", "incubat", "research", "entrepreneur"],
    ),
    (
        "opening-up",
        "Opening-up and trade",
        "对外开放与贸易",
        ["opening", "fdi", "trade", "bonded", "ftz", "international", "customs"],
    ),
    (
        "business-environment",
        "Business environment",
        "营商环境",
        ["business environment", "governance", "regulat", "service platform", "market", "consumption", "tourism"],
    ),
    ("health", "Health", "医疗健康", ["health", "medical", "pharma"]),
    ("industrial-system", "Modern industrial system", "现代产业体系", []),  # the default
]

# slug, name_en, name_zh, short_en, short_zh, topics it leads on
DEPARTMENTS = [
    (
        "econ",
        "Chongqing Municipal Commission of Economy and Information Technology",
        "重庆市经济和信息化委员会",
        "Economy and IT Commission",
        "市经济信息委",
        ["industrial-system", "digital-economy"],
    ),
    (
        "commerce",
        "Chongqing Municipal Commission of Commerce",
        "重庆市商务委员会",
        "Commerce Commission",
        "市商务委",
        ["opening-up", "business-environment"],
    ),
    (
        "ndrc",
        "Chongqing Municipal Development and Reform Commission",
        "重庆市发展和改革委员会",
        "Development and Reform Commission",
        "市发展改革委",
        ["green-low-carbon"],
    ),
    (
        "science",
        "Chongqing Municipal Science and Technology Bureau",
        "重庆市科学技术局",
        "Science and Technology Bureau",
        "市科技局",
        ["innovation"],
    ),
    (
        "finance",
        "Chongqing Municipal Local Financial Supervision and Administration Bureau",
        "重庆市地方金融监督管理局",
        "Financial Supervision Bureau",
        "市金融监管局",
        ["finance"],
    ),
    (
        "hrss",
        "Chongqing Municipal Human Resources and Social Security Bureau",
        "重庆市人力资源和社会保障局",
        "Human Resources and Social Security Bureau",
        "市人力社保局",
        ["talent"],
    ),
    (
        "ports",
        "Chongqing Municipal Government Port and Logistics Office",
        "重庆市人民政府口岸和物流办公室",
        "Port and Logistics Office",
        "市政府口岸物流办",
        ["transport-logistics"],
    ),
    (
        "ecology",
        "Chongqing Municipal Ecology and Environment Bureau",
        "重庆市生态环境局",
        "Ecology and Environment Bureau",
        "市生态环境局",
        [],
    ),
    (
        "bigdata",
        "Chongqing Big Data Application and Development Administration",
        "重庆市大数据应用发展管理局",
        "Big Data Development Bureau",
        "市大数据发展局",
        [],
    ),
    (
        "health",
        "Chongqing Municipal Health Commission",
        "重庆市卫生健康委员会",
        "Health Commission",
        "市卫生健康委",
        ["health"],
    ),
    (
        "market",
        "Chongqing Municipal Administration for Market Regulation",
        "重庆市市场监督管理局",
        "Market Regulation Administration",
        "市市场监管局",
        [],
    ),
    ("transport", "Chongqing Municipal Transport Bureau", "重庆市交通局", "Transport Bureau", "市交通局", []),
]

# Papers whose recommendations the demo leaves unassigned, so the secretariat's queue is not empty.
