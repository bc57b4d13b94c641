package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts/consultations"
)

// registerContactPointRoutes registers the public pages of the contact
// points (基层立法联系点): the list, and a page per contact point with the
// consultations it took part in and its opinions submitted and adopted.
func (s *Server) registerContactPointRoutes(api, pages *gin.RouterGroup) {
	api.GET("/contact-points/:id", s.handle(s.apiContactPoint))
	pages.GET("/contact-points", s.handle(s.contactPointsPage))
	pages.GET("/contact-points/:id", s.handle(s.contactPointPage))
}

// contactPointsData is the data of contactpoints/index.html.
type contactPointsData struct {
	ContactPoints []consultations.ContactPointSummary
}

// contactPointsPage is GET /contact-points: every contact point with its
// totals.
func (s *Server) contactPointsPage(c *gin.Context) error {
	list, err := s.consultations.ContactPoints(c.Request.Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "contactpoints/index.html", "基层立法联系点", contactPointsData{list})
}

// contactPointData is the data of contactpoints/show.html.
type contactPointData struct {
	*consultations.ContactPointPage
}

// contactPointOf returns the public page of contact point {id} as the
// visitor may see it.
func (s *Server) contactPointOf(c *gin.Context) (*consultations.ContactPointPage, error) {
	id, a, err := s.idAndAccount(c)
	if err != nil {
		return nil, err
	}
	return s.consultations.ContactPoint(c.Request.Context(), id, a)
}

// contactPointPage is GET /contact-points/{id}: the public page of a
// contact point.
func (s *Server) contactPointPage(c *gin.Context) error {
	p, err := s.contactPointOf(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "contactpoints/show.html", p.ContactPoint.Name, contactPointData{p})
}

// apiContactPoint is GET /api/v1/contact-points/{id}: the contact point's
// public page as JSON.
func (s *Server) apiContactPoint(c *gin.Context) error {
	p, err := s.contactPointOf(c)
	return replyJSON(c, http.StatusOK, p, err)
}
