package io.resx.protocol.command;

/** What a {@link Command} asks the engine to do. */
public enum CommandType
{
    /** Lists a new instrument (order book) with its tick and lot size. */
    LIST,
    /** Opens an account for an owner (a participant). */
    ACCOUNT,
    /** Sets an owner's settings, such as its self-trade prevention policy. */
    OWNER,
    /** A new single-instrument order. */
    NEW_ORDER,
    /** Cancels an open order. */
    CANCEL,
    /** Replaces an open order's price and/or total quantity (FIX OrderCancelReplaceRequest). */
    REPLACE,
    /** An all-or-none immediate multi-leg order. */
    BUNDLE,
    /** Asks for a book's aggregated depth. */
    BOOK,
    /**
     * Input an edge could not turn into a command (a malformed line or message): the engine rejects it with
     * the reason and detail the edge found, so the reject is sequenced and journaled like any outcome.
     */
    INVALID,
    /** Credits cash, collateral or units to an account (admin: from the settlement bridge). */
    DEPOSIT,
    /** Debits free cash, collateral or units from an account. */
    WITHDRAW,
    /** Sets an account's or an owner's credit and order limits (admin). */
    LIMITS,
    /** Asks for every balance of an account. */
    BALANCES,
    /** The settlement bridge reports an account failed to settle: starts the default waterfall (admin). */
    SETTLEMENT_FAILED,
    /** Turns an account's or an owner's kill switch on (cancels its orders, blocks new ones) or off (admin). */
    KILL,
    /** Links an owner into a beneficial-owner group (admin). */
    GROUP,
    /** Sets an instrument's price band and, optionally, its reference price (admin). */
    BAND,
    /** Sets a concentration cap on a spectrum band in a cell (admin). */
    CAP,
    /** Names the default fund account (admin). */
    DEFAULT_FUND,
    /**
     * The settlement bridge journals that a batch settled on chain with enough confirmations (admin): {@code amount}
     * carries the batch id, {@code detail} the transaction hash. Changes no balance (the ledger moved at the
     * trades); it is the bridge's durable progress, read back on restart.
     */
    BATCH_SETTLED,
    /**
     * The settlement bridge closes a settlement window whose time ran out while no command came (admin): only its
     * sequencer time matters; it changes nothing in the engine.
     */
    SETTLEMENT_CUT,
    /**
     * Halts one book ({@code enable} true: new orders, replaces and bundle legs on it are rejected BOOK_HALTED;
     * cancels still work and resting orders stay) or resumes it ({@code enable} false) (admin).
     */
    HALT,
    /**
     * The exchange clock moved (admin; the engine node sends one at every lifecycle deadline when no other command
     * came): only its sequencer time matters. Instruments whose gate closure has come close (their resting orders
     * cancelled EXPIRED, locks released) and those whose slot has ended expire (their books leave the engine).
     */
    TICK,
    /**
     * The settlement bridge reports a trade the chain refused for good (admin): not a default but a permanent refusal
     * (e.g. a lease slot the chain no longer accepts), so nothing of it moved on chain. The engine unwinds it in its
     * ledger: {@code account} (the buyer) gets {@code price} × {@code qty} cash back and gives back {@code qty} of
     * {@code symbol}; {@code group} (the seller's account) the reverse; a lease's obligation is released.
     * {@code amount} carries the trade's id (the bridge reads it back from the journal on restart, so a trade is
     * never unwound twice), {@code detail} the chain's reason.
     */
    SETTLEMENT_REFUSED,
    /**
     * Sets (or, {@code enable} false, lifts) the use-it-or-share-it rule of a spectrum ownership instrument
     * ({@code symbol}) (admin): at each of its lease slots' gate closure, every owned unit neither leased out nor
     * declared in use goes to a uniform-price call auction among the slot's resting bids at or above {@code price}
     * (the floor, at which the idle units are offered). The clearing price is where supply meets demand: the floor
     * when the idle units cover every such bid, else the highest losing bid (a bid of an owner offering units in
     * that auction never sets it); the owner gets the clearing price less {@code fraction} (the share), which goes
     * to {@code account} (the share's beneficiary).
     */
    SHARE_RULE,
    /**
     * An owner declares its own use of {@code qty} units of a lease slot ({@code symbol}) of a unit it owns
     * ({@code account}), before the slot's gate closure: those units are committed for the slot (as if leased to
     * itself), so neither a lease offer nor the use-it-or-share-it clearing can take them.
     */
    USE,
    /**
     * Cancels, in one journaled step, every resting order in a scope: {@code account} (or, when it is empty,
     * every account of {@code owner}), narrowed to one {@code symbol} when given and to the orders placed by one
     * connection when {@code sessionTag} is not 0. The cancels carry {@code cancelReason} (MASS_CANCEL, or
     * DISCONNECT when a gateway cancels a dropped session's orders). FIX OrderMassCancelRequest (35=q).
     */
    MASS_CANCEL,
    /**
     * Arms (or, {@code timeoutMs} 0, disarms) an account's dead-man switch: unless renewed by another
     * CANCEL_ALL_AFTER, every resting order of {@code account} is cancelled DEAD_MAN by the first TICK stamped at or
     * after this command's stamp plus {@code timeoutMs} (Kraken's cancelAllOrdersAfter).
     */
    CANCEL_ALL_AFTER
}
