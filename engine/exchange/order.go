package exchange

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Symbols, sides and types the sandbox trades.
var (
	Symbols = []string{"BTC-USD", "ETH-USD"}
	Sides   = []string{"buy", "sell"}
	Types   = []string{"limit", "market"}
)

// StatusAccepted is the status of every order the sandbox takes.
const StatusAccepted = "accepted"

// OrderRequest is the body of POST /api/v1/orders.
type OrderRequest struct {
	Symbol   string `json:"symbol"`
	Side     string `json:"side"`
	Type     string `json:"type"`
	Quantity string `json:"quantity"`
	Price    string `json:"price,omitempty"`
}

// Order is an accepted order as the API returns it. Quantity and Price are
// in their shortest exact decimal form ("0.50" comes back as "0.5").
type Order struct {
	ID        string    `json:"id"`
	Status    string    `json:"status"`
	Symbol    string    `json:"symbol"`
	Side      string    `json:"side"`
	Type      string    `json:"type"`
	Quantity  string    `json:"quantity"`
	Price     string    `json:"price,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// ValidationError says precisely why an order was refused; the API sends it
// as the detail of a 400 invalid_order.
type ValidationError struct{ Detail string }

func (e *ValidationError) Error() string { return "invalid order: " + e.Detail }

func invalidOrder(format string, args ...any) error {
	return &ValidationError{Detail: fmt.Sprintf(format, args...)}
}

// ParseOrder decodes and validates an order body: one JSON object with only
// the five known fields, each a string. It returns the request with amounts
// in canonical form, or a *ValidationError.
func ParseOrder(body []byte) (OrderRequest, error) {
	var req OrderRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return OrderRequest{}, describeJSONError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return OrderRequest{}, invalidOrder("the body must be one JSON object with nothing after it")
	}
	if err := oneOf("symbol", req.Symbol, Symbols); err != nil {
		return OrderRequest{}, err
	}
	if err := oneOf("side", req.Side, Sides); err != nil {
		return OrderRequest{}, err
	}
	if err := oneOf("type", req.Type, Types); err != nil {
		return OrderRequest{}, err
	}
	if req.Quantity == "" {
		return OrderRequest{}, invalidOrder("quantity is required, e.g. \"quantity\":\"0.5\"")
	}
	q, err := ParseDecimal(req.Quantity)
	if err != nil {
		return OrderRequest{}, invalidOrder("quantity %v", err)
	}
	req.Quantity = q.String()
	switch {
	case req.Type == "market" && req.Price != "":
		return OrderRequest{}, invalidOrder("a market order takes no price; remove price or use type limit")
	case req.Type == "limit" && req.Price == "":
		return OrderRequest{}, invalidOrder("a limit order needs a price, e.g. \"price\":\"65000\"")
	case req.Type == "limit":
		p, err := ParseDecimal(req.Price)
		if err != nil {
			return OrderRequest{}, invalidOrder("price %v", err)
		}
		req.Price = p.String()
	}
	return req, nil
}

func oneOf(field, value string, allowed []string) error {
	if value == "" {
		return invalidOrder("%s is required, one of %s", field, strings.Join(allowed, ", "))
	}
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return invalidOrder("%s %q is not supported; use one of %s", field, truncate(value, 24), strings.Join(allowed, ", "))
}

func describeJSONError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return invalidOrder("%s must be a JSON string (got %s), e.g. \"quantity\":\"0.5\"", typeErr.Field, typeErr.Value)
	case errors.As(err, &typeErr):
		return invalidOrder("the body must be a JSON object, not %s", typeErr.Value)
	case errors.As(err, &syntaxErr):
		return invalidOrder("the body is not valid JSON (at byte %d: %v)", syntaxErr.Offset, err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidOrder("the body is not valid JSON (it ends before the object does)")
	case errors.Is(err, io.EOF):
		return invalidOrder("the body is empty; send a JSON order object")
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return invalidOrder("%s; known fields are symbol, side, type, quantity, price", strings.TrimPrefix(err.Error(), "json: "))
	}
	return invalidOrder("the body is not a valid order: %v", err)
}
