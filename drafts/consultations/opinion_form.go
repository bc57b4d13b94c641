package consultations

import (
	"net/url"
	"strconv"
)

// ReadOpinionForm reads the opinion form of a consultation's page: the
// article and paragraph (a number that is not one is 0, the draft as a
// whole), the quoted words and where they are, the text, and who sends it
// (Website is the field people do not see, which only robots fill in).
func ReadOpinionForm(form url.Values) OpinionInput {
	atoi := func(k string) int { n, _ := strconv.Atoi(form.Get(k)); return n }
	return OpinionInput{Article: atoi("article"), ArticleSub: atoi("article_sub"), Paragraph: atoi("paragraph"),
		Quote: form.Get("quote"), QuoteStart: atoi("quote_start"), QuoteEnd: atoi("quote_end"), Text: form.Get("text"),
		Name: form.Get("name"), Contact: form.Get("contact"), Website: form.Get("website")}
}
