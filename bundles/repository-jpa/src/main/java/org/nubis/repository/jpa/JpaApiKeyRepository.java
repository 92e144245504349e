package org.nubis.repository.jpa;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.PersistenceException;
import javax.persistence.TypedQuery;
import org.nubis.api.ConflictException;
import org.nubis.api.repository.ApiKeyRepository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** API keys (hashes of their secrets only), in the same database as the experiments and clusters. */
@Component(service = ApiKeyRepository.class)
public class JpaApiKeyRepository implements ApiKeyRepository {

    /**
     * Newest first, then by access key. Applied again in Java after the database's ORDER BY, whose
     * string collation differs between databases (and PostgreSQL locales).
     */
    static final Comparator<ApiKeyRecord> NEWEST_FIRST = Comparator.comparing(ApiKeyRecord::createdAt).reversed()
            .thenComparing(ApiKeyRecord::accessKey);

    @Reference
    RepositoryDatabase database;
    private Transactions tx;

    public JpaApiKeyRepository() {
        // for Declarative Services
    }

    JpaApiKeyRepository(EntityManagerFactory emf) {
        this.tx = new Transactions(emf);
    }

    @Activate
    void activate() {
        this.tx = new Transactions(database.emf());
    }

    @Override
    public void insert(ApiKeyRecord key) {
        ApiKeyEntity entity = ApiKeyEntity.from(key);
        try {
            tx.run(em -> {
                if (em.find(ApiKeyEntity.class, entity.accessKey()) != null) {
                    throw conflict(entity.accessKey());
                }
                em.persist(entity);
                em.flush();
            });
        } catch (PersistenceException e) {
            // Lost a race with another insert of the same key: the primary key said no.
            if (find(entity.accessKey()).isPresent()) {
                throw conflict(entity.accessKey());
            }
            throw JpaExperimentRepository.storageError("store API key " + entity.accessKey(), e);
        }
    }

    private static ConflictException conflict(String accessKey) {
        return new ConflictException("API key " + accessKey + " already exists");
    }

    @Override
    public Optional<ApiKeyRecord> find(String accessKey) {
        if (accessKey == null) {
            return Optional.empty();
        }
        return tx.call(em -> Optional.ofNullable(em.find(ApiKeyEntity.class, accessKey)).map(ApiKeyEntity::toRecord));
    }

    @Override
    public List<ApiKeyRecord> list(String user) {
        return tx.call(em -> {
            TypedQuery<ApiKeyEntity> q;
            if (user == null) {
                q = em.createQuery("SELECT k FROM ApiKeyEntity k ORDER BY k.createdAtMillis DESC, k.accessKey",
                        ApiKeyEntity.class);
            } else {
                q = em.createQuery("SELECT k FROM ApiKeyEntity k WHERE k.userName = :u"
                        + " ORDER BY k.createdAtMillis DESC, k.accessKey", ApiKeyEntity.class).setParameter("u", user);
            }
            return q.getResultList().stream().map(ApiKeyEntity::toRecord).sorted(NEWEST_FIRST).toList();
        });
    }

    @Override
    public Optional<ApiKeyRecord> revoke(String accessKey, Instant at) {
        Objects.requireNonNull(at, "revocation time");
        if (accessKey == null) {
            return Optional.empty();
        }
        return tx.call(em -> {
            // Locked: of two concurrent revocations, the first one's time is kept.
            ApiKeyEntity e = em.find(ApiKeyEntity.class, accessKey, LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                return Optional.empty();
            }
            if (!e.revoked()) {
                e.revoke(at);
            }
            return Optional.of(e.toRecord());
        });
    }
}
