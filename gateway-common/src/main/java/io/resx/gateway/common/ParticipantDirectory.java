package io.resx.gateway.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The participants file: who may connect, with which SenderCompIDs and passwords, and which accounts they
 * trade. Immutable once loaded, so every thread may read it.
 * <pre>
 * { "participants": [
 *     { "id": "OPERATOR-A", "admin": false, "stp": "CANCEL_AGGRESSOR", "accounts": ["OP-A-1"],
 *       "sessions": [ { "senderCompId": "OPA", "passwordHash": "pbkdf2-sha256$...", "store": "file" } ] } ] }
 * </pre>
 * Session entries may set any {@link SessionPolicy} setting; unset ones take the gateway's defaults.
 */
public final class ParticipantDirectory
{
    /** The bundled demo file's resource name (its passwords are in the README). */
    public static final String DEMO_RESOURCE = "/io/resx/gateway/common/demo-participants.json";
    /** Names the bundled demo file where a path is expected. */
    public static final String DEMO_NAME = "@demo-participants";

    private final List<Participant> participants;
    private final Map<String, Participant> byCompId = new LinkedHashMap<>();
    private final Map<String, SessionPolicy> sessionByCompId = new LinkedHashMap<>();
    private final Map<String, String> ownerByAccount = new LinkedHashMap<>();

    private ParticipantDirectory(final List<Participant> participants)
    {
        this.participants = Collections.unmodifiableList(participants);
        for (final Participant participant : participants)
        {
            for (final String account : participant.accounts())
            {
                if (ownerByAccount.putIfAbsent(account, participant.id()) != null)
                {
                    throw new IllegalArgumentException("account " + account + " is listed for two participants");
                }
            }
            for (final SessionPolicy session : participant.sessions())
            {
                if (byCompId.putIfAbsent(session.senderCompId(), participant) != null)
                {
                    throw new IllegalArgumentException("SenderCompID " + session.senderCompId() + " is listed twice");
                }
                sessionByCompId.put(session.senderCompId(), session);
            }
        }
    }

    /**
     * @param location a file path, or {@link #DEMO_NAME} for the bundled demo file.
     * @param defaults session settings that entries do not set.
     * @return the directory.
     * @throws IOException when the file cannot be read.
     * @throws IllegalArgumentException when it is not a valid participants file.
     */
    public static ParticipantDirectory load(final String location, final SessionPolicy defaults) throws IOException
    {
        if (DEMO_NAME.equals(location))
        {
            try (InputStream in = ParticipantDirectory.class.getResourceAsStream(DEMO_RESOURCE))
            {
                return parse(new ObjectMapper().readTree(in), defaults);
            }
        }
        return parse(new ObjectMapper().readTree(Files.readString(Path.of(location))), defaults);
    }

    /**
     * @param root     the file's JSON.
     * @param defaults session settings that entries do not set.
     * @return the directory.
     */
    static ParticipantDirectory parse(final JsonNode root, final SessionPolicy defaults)
    {
        final JsonNode list = root.path("participants");
        if (!list.isArray())
        {
            throw new IllegalArgumentException("participants file needs a \"participants\" array");
        }
        final List<Participant> participants = new ArrayList<>();
        for (final JsonNode node : list)
        {
            final String id = text(node, "id", null);
            final Set<String> accounts = new LinkedHashSet<>();
            node.path("accounts").forEach(a -> accounts.add(a.asText()));
            final List<SessionPolicy> sessions = new ArrayList<>();
            for (final JsonNode s : node.path("sessions"))
            {
                SessionPolicy policy = defaults;
                for (final Map.Entry<String, JsonNode> field : s.properties())
                {
                    if ("password".equals(field.getKey()))
                    {
                        throw new IllegalArgumentException("participant " + id + ": plain-text \"password\" is " +
                            "not accepted; store a passwordHash made with ./resx passwd");
                    }
                    policy = policy.with(field.getKey(), field.getValue().asText());
                }
                if (policy.senderCompId().isEmpty())
                {
                    throw new IllegalArgumentException("participant " + id + ": a session needs a senderCompId");
                }
                if (policy.passwordRequired() && policy.passwordHash() == null)
                {
                    throw new IllegalArgumentException("participant " + id + ", session " + policy.senderCompId() +
                        ": a password is required but no passwordHash is set");
                }
                sessions.add(policy);
            }
            participants.add(new Participant(id, node.path("admin").asBoolean(false), text(node, "stp", ""),
                Collections.unmodifiableSet(accounts), Collections.unmodifiableList(sessions)));
        }
        return new ParticipantDirectory(participants);
    }

    private static String text(final JsonNode node, final String name, final String defaultValue)
    {
        final JsonNode value = node.get(name);
        if (value == null || value.isNull())
        {
            if (defaultValue == null)
            {
                throw new IllegalArgumentException("participant entry without \"" + name + "\": " + node);
            }
            return defaultValue;
        }
        return value.asText();
    }

    /** @return every participant, in file order. */
    public List<Participant> participants()
    {
        return participants;
    }

    /** @return every session, in file order. */
    public List<SessionPolicy> sessions()
    {
        return new ArrayList<>(sessionByCompId.values());
    }

    /**
     * @param account an account id.
     * @return the participant the file lists it for, or null when none does.
     */
    public Participant ownerOf(final String account)
    {
        final String owner = ownerByAccount.get(account);
        if (owner == null)
        {
            return null;
        }
        for (final Participant participant : participants)
        {
            if (participant.id().equals(owner))
            {
                return participant;
            }
        }
        return null;
    }

    /**
     * @param senderCompId a counterparty's SenderCompID.
     * @return its participant, or null when unknown.
     */
    public Participant participantOf(final String senderCompId)
    {
        return byCompId.get(senderCompId);
    }

    /**
     * @param senderCompId a counterparty's SenderCompID.
     * @return its session settings, or null when unknown.
     */
    public SessionPolicy session(final String senderCompId)
    {
        return sessionByCompId.get(senderCompId);
    }
}
