package consultations_test

import (
	"net/url"
	"testing"

	"lifa/drafts/consultations"
)

func TestReadOpinionForm(t *testing.T) {
	in := consultations.ReadOpinionForm(url.Values{"article": {"12"}, "article_sub": {"x"}, "paragraph": {"2"}, "quote": {"湿地"},
		"quote_start": {"3"}, "quote_end": {"5"}, "text": {"建议。"}, "name": {"张三"}, "contact": {"138"}, "website": {""}})
	want := consultations.OpinionInput{Article: 12, Paragraph: 2, Quote: "湿地", QuoteStart: 3, QuoteEnd: 5, Text: "建议。", Name: "张三", Contact: "138"}
	if in != want {
		t.Errorf("ReadOpinionForm = %+v", in)
	}
}
