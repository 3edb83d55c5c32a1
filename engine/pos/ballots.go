package pos

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Text forms of name lists and DPoS ballots, as lessons and shared URLs
// write them. The characters are chosen to survive a URL query unescaped:
// no '+' (a space in a query), no '&', '=' or '#'.
//
//	names:   alice,bob,carol
//	ballots: whale:500:alice/bob, ann:120:carol
//
// Parsing only checks the shape (and bounds the size); whether the names
// make a valid signer set or election is checked where they are used
// (NewClique, Elect, NewDPoS), so the messages stay in one place.

// ErrBadBallots reports a ballot list that is not voter:tokens:d1/d2,...
var ErrBadBallots = errors.New("pos: bad ballot list")

// ParseNames splits a comma-separated list of names, trimming spaces
// around each. An empty string is an empty list; an empty item ("a,,b")
// is an error, as is a list longer than MaxValidators.
func ParseNames(s string) ([]string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if strings.Count(s, ",") >= MaxValidators {
		return nil, fmt.Errorf("%w: more than %d names", ErrTooManyEntries, MaxValidators)
	}
	parts := strings.Split(s, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, fmt.Errorf("%w: name %d of %q", ErrEmptyName, i+1, s)
		}
		parts[i] = p
	}
	return parts, nil
}

// ParseBallots reads "voter:tokens:delegate/delegate, ..." into ballots,
// in the order given. Spaces around items are ignored. Voter and delegate
// names may not contain ':', ',' or '/'. An empty string is no ballots.
func ParseBallots(s string) ([]Ballot, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if strings.Count(s, ",") >= MaxValidators {
		return nil, fmt.Errorf("%w: more than %d ballots", ErrTooManyEntries, MaxValidators)
	}
	parts := strings.Split(s, ",")
	out := make([]Ballot, 0, len(parts))
	for i, p := range parts {
		fields := strings.Split(strings.TrimSpace(p), ":")
		if len(fields) != 3 {
			return nil, fmt.Errorf("%w: entry %d %q: want voter:tokens:delegate/delegate", ErrBadBallots, i+1, p)
		}
		voter := strings.TrimSpace(fields[0])
		if voter == "" {
			return nil, fmt.Errorf("%w: entry %d %q: empty voter name", ErrBadBallots, i+1, p)
		}
		tokens, err := strconv.ParseUint(strings.TrimSpace(fields[1]), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: entry %d %q: tokens must be a whole number", ErrBadBallots, i+1, p)
		}
		var delegates []string
		if d := strings.TrimSpace(fields[2]); d != "" {
			delegates = strings.Split(d, "/")
			if len(delegates) > MaxValidators {
				return nil, fmt.Errorf("%w: entry %d names more than %d delegates", ErrTooManyEntries, i+1, MaxValidators)
			}
			for j, name := range delegates {
				name = strings.TrimSpace(name)
				if name == "" {
					return nil, fmt.Errorf("%w: entry %d %q: empty delegate name", ErrBadBallots, i+1, p)
				}
				delegates[j] = name
			}
		}
		out = append(out, Ballot{Voter: voter, Tokens: tokens, Delegates: delegates})
	}
	return out, nil
}

// FormatBallots writes ballots in ParseBallots' form, so a widget can put
// its current votes back into a shareable URL.
func FormatBallots(bs []Ballot) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = b.Voter + ":" + strconv.FormatUint(b.Tokens, 10) + ":" + strings.Join(b.Delegates, "/")
	}
	return strings.Join(parts, ",")
}
