package pos

import (
	"errors"
	"fmt"
	"math/bits"
	"sort"
)

// Delegated proof of stake in the style of BitShares/EOS: token holders
// approve delegates, each approved delegate receives the holder's full
// token weight (approval voting), the top Seats delegates by votes are the
// producers, and they produce one block each in rotation. Votes cast
// during a round take effect when the next round's set is elected.

// DPoS errors.
var (
	ErrNoCandidates    = errors.New("pos: dpos: no candidates")
	ErrBadSeats        = errors.New("pos: dpos: seats must be between 1 and the number of candidates")
	ErrUnknownDelegate = errors.New("pos: dpos: vote for an unknown candidate")
	ErrEmptyBallot     = errors.New("pos: dpos: ballot names no delegate")
	ErrBallotTooLong   = errors.New("pos: dpos: ballot names more delegates than there are seats")
	ErrDuplicateVote   = errors.New("pos: dpos: ballot names a delegate twice")
	ErrDuplicateVoter  = errors.New("pos: dpos: voter appears twice")
	ErrVoteOverflow    = errors.New("pos: dpos: vote total overflows uint64")
	ErrNoBallot        = errors.New("pos: dpos: voter has no ballot")
)

// Ballot is one token holder's approval of up to Seats delegates; each
// named delegate gets all of Tokens.
type Ballot struct {
	Voter     string   `json:"voter"`
	Tokens    uint64   `json:"tokens"`
	Delegates []string `json:"delegates"`
}

// DelegateVotes is one line of the tally.
type DelegateVotes struct {
	Name    string `json:"name"`
	Votes   uint64 `json:"votes"`
	Rank    int    `json:"rank"` // 1-based
	Elected bool   `json:"elected"`
}

// Election is the result of one vote count.
type Election struct {
	Tally     []DelegateVotes `json:"tally"`     // by rank
	Producers []string        `json:"producers"` // the top Seats, in rank order
}

// Elect counts ballots for candidates and elects the top seats. Ties are
// broken by name (ascending) so the result never depends on map order;
// when fewer candidates have votes than there are seats, zero-vote
// candidates fill the rest in name order.
func Elect(candidates []string, ballots []Ballot, seats int) (Election, error) {
	if len(candidates) == 0 {
		return Election{}, ErrNoCandidates
	}
	if seats < 1 || seats > len(candidates) {
		return Election{}, fmt.Errorf("%w: %d seats, %d candidates", ErrBadSeats, seats, len(candidates))
	}
	votes := make(map[string]uint64, len(candidates))
	for _, c := range candidates {
		if c == "" {
			return Election{}, ErrEmptyName
		}
		if _, dup := votes[c]; dup {
			return Election{}, fmt.Errorf("%w: %q", ErrDuplicateName, c)
		}
		votes[c] = 0
	}
	voters := make(map[string]bool, len(ballots))
	for _, b := range ballots {
		if err := checkBallot(b, votes, seats); err != nil {
			return Election{}, err
		}
		if voters[b.Voter] {
			return Election{}, fmt.Errorf("%w: %q", ErrDuplicateVoter, b.Voter)
		}
		voters[b.Voter] = true
		for _, d := range b.Delegates {
			v, carry := bits.Add64(votes[d], b.Tokens, 0)
			if carry != 0 {
				return Election{}, fmt.Errorf("%w for %q", ErrVoteOverflow, d)
			}
			votes[d] = v
		}
	}
	e := Election{Tally: make([]DelegateVotes, 0, len(candidates))}
	for _, c := range candidates {
		e.Tally = append(e.Tally, DelegateVotes{Name: c, Votes: votes[c]})
	}
	sort.Slice(e.Tally, func(i, j int) bool {
		a, b := e.Tally[i], e.Tally[j]
		if a.Votes != b.Votes {
			return a.Votes > b.Votes
		}
		return a.Name < b.Name
	})
	for i := range e.Tally {
		e.Tally[i].Rank = i + 1
		if i < seats {
			e.Tally[i].Elected = true
			e.Producers = append(e.Producers, e.Tally[i].Name)
		}
	}
	return e, nil
}

func checkBallot(b Ballot, candidates map[string]uint64, seats int) error {
	if b.Voter == "" {
		return fmt.Errorf("%w (voter)", ErrEmptyName)
	}
	if len(b.Delegates) == 0 {
		return fmt.Errorf("%w: %q", ErrEmptyBallot, b.Voter)
	}
	if len(b.Delegates) > seats {
		return fmt.Errorf("%w: %q names %d, seats %d", ErrBallotTooLong, b.Voter, len(b.Delegates), seats)
	}
	seen := make(map[string]bool, len(b.Delegates))
	for _, d := range b.Delegates {
		if _, ok := candidates[d]; !ok {
			return fmt.Errorf("%w: %q votes for %q", ErrUnknownDelegate, b.Voter, d)
		}
		if seen[d] {
			return fmt.Errorf("%w: %q names %q twice", ErrDuplicateVote, b.Voter, d)
		}
		seen[d] = true
	}
	return nil
}

// DPoSBlock is one block of a round.
type DPoSBlock struct {
	Height   uint64 `json:"height"`
	Slot     int    `json:"slot"` // position in the round, 0-based
	Producer string `json:"producer"`
}

// DPoSRound is one round: the election that fixed its producers, the
// blocks they produced in rotation, and how the set changed from the round
// before.
type DPoSRound struct {
	Round    uint64      `json:"round"`
	Election Election    `json:"election"`
	Blocks   []DPoSBlock `json:"blocks"`
	Joined   []string    `json:"joined"` // producers not in the previous round's set
	Left     []string    `json:"left"`   // previous producers no longer elected
}

// DPoS is a running delegated-PoS chain; build it with NewDPoS. It is not
// safe for concurrent use.
type DPoS struct {
	candidates []string
	candSet    map[string]uint64
	seats      int
	ballots    map[string]Ballot
	round      uint64
	height     uint64
	producers  []string
}

// NewDPoS starts a chain with a fixed candidate list and seats producers.
func NewDPoS(candidates []string, seats int) (*DPoS, error) {
	if _, err := Elect(candidates, nil, seats); err != nil {
		return nil, err
	}
	d := &DPoS{candidates: append([]string(nil), candidates...), candSet: map[string]uint64{}, seats: seats, ballots: map[string]Ballot{}}
	for _, c := range candidates {
		d.candSet[c] = 0
	}
	return d, nil
}

// Vote casts or replaces b.Voter's ballot. It counts from the next round.
func (d *DPoS) Vote(b Ballot) error {
	if d == nil || d.seats == 0 {
		return ErrNoCandidates
	}
	if err := checkBallot(b, d.candSet, d.seats); err != nil {
		return err
	}
	b.Delegates = append([]string(nil), b.Delegates...)
	d.ballots[b.Voter] = b
	return nil
}

// Unvote withdraws voter's ballot from the next round on.
func (d *DPoS) Unvote(voter string) error {
	if d == nil {
		return ErrNoCandidates
	}
	if _, ok := d.ballots[voter]; !ok {
		return fmt.Errorf("%w: %q", ErrNoBallot, voter)
	}
	delete(d.ballots, voter)
	return nil
}

// NextRound elects producers from the ballots standing now and lets each
// produce one block, in rank order.
func (d *DPoS) NextRound() (DPoSRound, error) {
	if d == nil || d.seats == 0 {
		return DPoSRound{}, ErrNoCandidates
	}
	voters := make([]string, 0, len(d.ballots))
	for v := range d.ballots {
		voters = append(voters, v)
	}
	sort.Strings(voters)
	ballots := make([]Ballot, len(voters))
	for i, v := range voters {
		ballots[i] = d.ballots[v]
	}
	e, err := Elect(d.candidates, ballots, d.seats)
	if err != nil {
		return DPoSRound{}, err
	}
	r := DPoSRound{Round: d.round, Election: e}
	r.Joined, r.Left = diffSets(d.producers, e.Producers)
	for i, p := range e.Producers {
		d.height++
		r.Blocks = append(r.Blocks, DPoSBlock{Height: d.height, Slot: i, Producer: p})
	}
	d.producers = e.Producers
	d.round++
	return r, nil
}

// diffSets returns what is in next but not prev, and in prev but not next.
func diffSets(prev, next []string) (joined, left []string) {
	in := func(xs []string, x string) bool {
		for _, y := range xs {
			if y == x {
				return true
			}
		}
		return false
	}
	for _, x := range next {
		if !in(prev, x) {
			joined = append(joined, x)
		}
	}
	for _, x := range prev {
		if !in(next, x) {
			left = append(left, x)
		}
	}
	return joined, left
}
