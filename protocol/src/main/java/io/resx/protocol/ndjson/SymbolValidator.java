package io.resx.protocol.ndjson;

/**
 * Checks that a symbol follows ResX symbology before a {@code list} command may carry it. The server passes
 * {@code InstrumentSymbol::parse}; keeping the check behind this interface keeps the codec free of the
 * symbology rules.
 */
@FunctionalInterface
public interface SymbolValidator
{
    /**
     * @param symbol printable ASCII, at most {@link io.resx.protocol.command.Command#MAX_SYMBOL_LENGTH} chars.
     * @throws IllegalArgumentException when the symbol is not valid; its message says what is wrong and becomes
     *                                  the reject's detail.
     */
    void validate(CharSequence symbol) throws IllegalArgumentException;
}
