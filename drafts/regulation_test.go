package drafts

import "testing"

func TestInferLevel(t *testing.T) {
	tests := []struct {
		title    string
		meta     map[string]string
		preamble []string
		level    Level
		region   string
	}{
		// front matter type (flk files) wins
		{"广州市停车场条例", map[string]string{"type": "地方性法规", "office": "广州市人民代表大会常务委员会"}, nil, LevelLocal, "广州市"},
		{"某部门管理办法", map[string]string{"type": "部门规章"}, nil, LevelRule, ""},
		// who made it, from the 题注
		{"中华人民共和国海关关衔条例", nil, []string{"2003年2月28日 第九届全国人民代表大会常务委员会第三十二次会议通过"}, LevelLaw, ""},
		{"保安服务管理条例", nil, []string{"2009年10月13日 中华人民共和国国务院令第564号公布"}, LevelAdministrative, ""},
		{"北京市机动车停车条例", nil, []string{"2018年3月30日 北京市第十五届人民代表大会常务委员会第三次会议通过"}, LevelLocal, "北京市"},
		{"广州市停车场管理办法", nil, []string{"（2019年广州市人民政府令第165号公布）"}, LevelRule, "广州市"},
		// the title alone
		{"中华人民共和国立法法", nil, nil, LevelLaw, ""},
		{"广东省湿地保护条例", nil, nil, LevelLocal, "广东省"},
		{"广西壮族自治区森林条例", nil, nil, LevelLocal, "广西壮族自治区"},
		{"上海口岸服务条例", nil, nil, LevelLocal, "上海市"},
		// nothing clear
		{"保安服务管理条例", nil, nil, "", ""},
		{"城市市容和环境卫生管理条例", nil, nil, "", ""},
		{"市场主体登记管理条例", nil, nil, "", ""},
	}
	for _, tt := range tests {
		level, region := InferLevel(tt.title, tt.meta, tt.preamble)
		if level != tt.level || region != tt.region {
			t.Errorf("InferLevel(%q, %v, %v) = %q, %q; want %q, %q", tt.title, tt.meta, tt.preamble, level, region, tt.level, tt.region)
		}
	}
}

func TestValidLevel(t *testing.T) {
	for _, l := range append([]Level{""}, Levels...) {
		if !ValidLevel(l) {
			t.Errorf("%q refused", l)
		}
	}
	if ValidLevel("部门规章") || ValidLevel("条例") {
		t.Error("an unknown level accepted")
	}
	if !LevelLaw.National() || !LevelAdministrative.National() || LevelLocal.National() || LevelRule.National() {
		t.Error("National")
	}
}

func TestReadingOf(t *testing.T) {
	tests := []struct {
		meta     map[string]string
		preamble []string
		date     string
		stage    string
	}{
		{map[string]string{"publish": "2025-12-17 00:00:00"}, []string{"（2025年12月4日广东省…批准）"}, "2025-12-17", "promulgated"},
		{nil, []string{"2009年10月13日 中华人民共和国国务院令第564号公布", "2022年3月29日 《国务院关于修改和废止部分行政法规的决定》第二次修订）"}, "2022-03-29", "adopted"},
		{nil, []string{"2020年12月30日 潮州市第十五届人民代表大会常务委员会第三十五次会议通过", "2021年3月18日 广东省第十三届人民代表大会常务委员会第三十次会议批准）"}, "2021-03-18", "approved"},
		{nil, []string{"（二〇一八年三月三十日北京市第十五届人民代表大会常务委员会第三次会议通过）"}, "2018-03-30", "adopted"},
		{nil, []string{"2014年1月17日 中华人民共和国国务院令第646号公布"}, "2014-01-17", "promulgated"},
		{nil, []string{"（2019年2月30日通过）"}, "", ""},
		{nil, nil, "", ""},
	}
	for _, tt := range tests {
		date, stage := ReadingOf(tt.meta, tt.preamble)
		if date != tt.date || stage != tt.stage {
			t.Errorf("ReadingOf(%v, %q) = %q, %q; want %q, %q", tt.meta, tt.preamble, date, stage, tt.date, tt.stage)
		}
	}
}
