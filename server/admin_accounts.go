package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"lifa/drafts"
	"lifa/drafts/store"
)

// newAccountRequest is the JSON body of POST /api/v1/accounts.
type newAccountRequest struct {
	Name           string      `json:"name"`
	DisplayName    string      `json:"display_name"`
	Role           drafts.Role `json:"role"`
	ContactPointID int64       `json:"contact_point_id"`
	Password       string      `json:"password"`
}

// apiCreateAccount is POST /api/v1/accounts (admin).
func (s *Server) apiCreateAccount(c *gin.Context) error {
	var in newAccountRequest
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	a := &drafts.Account{Name: in.Name, DisplayName: in.DisplayName, Role: in.Role, ContactPointID: in.ContactPointID}
	if err := a.Validate(); err != nil {
		return err
	}
	h, err := drafts.HashPassword(in.Password, drafts.PasswordCost)
	if err != nil {
		return err
	}
	a.PasswordHash = h
	if err := s.store.CreateAccount(c.Request.Context(), s.actorName(c), a); err != nil {
		return err
	}
	c.JSON(http.StatusCreated, a)
	return nil
}

// apiAccounts is GET /api/v1/accounts (admin).
func (s *Server) apiAccounts(c *gin.Context) error {
	list, err := s.store.Accounts(c.Request.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []*drafts.Account{}
	}
	c.JSON(http.StatusOK, gin.H{"accounts": list})
	return nil
}

// apiUpdateAccount is PATCH /api/v1/accounts/{id} (admin): role, display
// name, contact point, disabled, password.
func (s *Server) apiUpdateAccount(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		store.AccountUpdate
		Password *string `json:"password"`
	}
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Password != nil {
		h, err := drafts.HashPassword(*in.Password, drafts.PasswordCost)
		if err != nil {
			return err
		}
		in.PasswordHash = &h
	}
	a, err := s.store.UpdateAccount(c.Request.Context(), s.actorName(c), id, in.AccountUpdate)
	if err != nil {
		return err
	}
	c.JSON(http.StatusOK, a)
	return nil
}

// apiCreateToken is POST /api/v1/accounts/{id}/tokens (admin): a new API
// token for the account, shown once.
func (s *Server) apiCreateToken(c *gin.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Label string `json:"label"`
	}
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	tok, k, err := s.store.CreateAPIToken(c.Request.Context(), s.actorName(c), id, in.Label)
	if err != nil {
		return err
	}
	c.JSON(http.StatusCreated, gin.H{"token": tok, "id": k.ID, "label": k.Label})
	return nil
}

// apiContactPoints is GET /api/v1/contact-points (any account).
func (s *Server) apiContactPoints(c *gin.Context) error {
	list, err := s.store.ContactPoints(c.Request.Context())
	if err != nil {
		return err
	}
	if list == nil {
		list = []*drafts.ContactPoint{}
	}
	c.JSON(http.StatusOK, gin.H{"contact_points": list})
	return nil
}

// apiCreateContactPoint is POST /api/v1/contact-points (admin).
func (s *Server) apiCreateContactPoint(c *gin.Context) error {
	var in drafts.ContactPoint
	if err := s.decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.store.CreateContactPoint(c.Request.Context(), s.actorName(c), &in); err != nil {
		return err
	}
	c.JSON(http.StatusCreated, in)
	return nil
}
